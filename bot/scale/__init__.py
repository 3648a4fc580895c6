"""Running several instances: shared state, stored webhook updates, jobs, messages kept while Rasa is away."""
