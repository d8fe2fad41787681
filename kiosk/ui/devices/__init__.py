"""Windows of the serial devices: the simulated devices' window and the hub's bridge."""
