"""Item analysis of a questionnaire from its answers: which questions hang together."""
