"""The pipeline layer: the configuration, the per-article processing, the scheduler,
the store and its Parquet parts. Imports only the layers below."""
