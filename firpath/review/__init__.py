"""Review: reviewers approve, reject or correct each proposed change before anything is published."""
