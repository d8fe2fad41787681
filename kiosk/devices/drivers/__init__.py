"""Device drivers: what the hub asks of a display, a keypad and an evaluator
(:mod:`.base`), and their Modbus RTU implementation (:mod:`.modbus`)."""
