"""The output stage: the exported configs and their contract, the site's pages, and the writer that puts folders on disk safely."""
