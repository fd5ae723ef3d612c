"""The public disclosure website (信息公开): pages, charts, open data, feeds, search, links.

Pure modules compute strings (entries, charts, pages, opendata, feeds, links' core);
shard.py and workers.py render and write the report pages in worker processes (and
summarise their links while they are in memory), search.py runs Pagefind over them, and
links.py reads the staged files only when a link looks broken. builder/build.py
orchestrates.
"""
