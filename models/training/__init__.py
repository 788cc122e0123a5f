"""Training code for discern's three demo models (vertebra detector, disc ROI detector, disc
classifier). Entry point: ``python3 -m models.training.train``; see models/README.md."""
