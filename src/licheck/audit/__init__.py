"""`licheck audit`: a dump of model metadata (JSON Lines, Parquet or a folder of cards) checked row by row
through the same engine as a scan (licheck.audit.source reads the rows, licheck.repository.row presents
one as RepositoryFiles), and summarised across the collection (licheck.audit.summary)."""
