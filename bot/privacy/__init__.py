"""Privacy by design: encryption keys, Rasa's encrypted tracker store, erasure, export,
retention. See docs/privacy.md for the data map and the design."""
