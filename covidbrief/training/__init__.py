"""Training data, configs and the training and evaluation loops."""
