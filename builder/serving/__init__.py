"""`jixiao serve`: the watcher and server (server.py), the live build state and its
reload script (live.py, live.js) and the confined HTTP handler (livehttp.py)."""
