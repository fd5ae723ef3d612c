"""Stage 7, index: what Pagefind reads of each report (text.py), Pagefind run over it in
bundles (index.py) and its output made byte-stable (order.py, cbor.py)."""
