"""The public disclosure website (信息公开), page-making only: entries, listings, report
pages, charts, open data, feeds and the site-wide problems found while making them.
builder/pipeline/ decides when each page is made; builder/search/ and builder/publish/
index, check and publish what is made here.
"""
