"""The staging store: runs, received documents and their extraction cache, results, reviews.

`staging.store.StagingStore` is the interface; `staging.settings.store_url` says where it lives.
"""
