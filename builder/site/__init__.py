"""The public disclosure website (信息公开): pages, charts, open data, feeds, search, links.

Pure modules compute strings (entries, charts, pages, opendata, feeds, links' core);
search.py runs Pagefind and links.py reads the staged files. builder/build.py orchestrates.
"""
