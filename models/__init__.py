"""discern models: ONNX files, manifests and the PyTorch training code (models.training)."""
