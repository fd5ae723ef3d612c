"""The conductor: run.py alone knows the order of the stages; workers.py maps the
per-report stages over chunks of units in a process pool (shard.py), the caches
(reportcache.py, sitememo.py, incremental.py) let a build redo only what changed, and
sitewide.py / sitestage.py write the pages that list every report."""
