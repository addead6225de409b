"""spaCy components of the pipeline, one concern each; see `pipeline.nlp` for their order."""
