"""The staging store: runs, received documents, cached extractions, mappings and proposals.

`staging.store.StagingStore` is the interface; `staging.settings.store_url` says where it lives.
"""
