"""The public disclosure website (信息公开): pages, charts, open data, feeds, search, links.

Pure modules compute strings (entries, charts, pages, opendata, feeds, links' core);
shard.py renders and writes a chunk of report pages (and summarises their links while
they are in memory), workers.py maps it over the chunks in a process pool, search.py runs
Pagefind over them, and links.py reads the staged files only when a link looks broken.
builder/pipeline.py knows the order.
"""
