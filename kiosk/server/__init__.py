"""The hall server: the queue over HTTP and WebSocket for the hall's other PCs, and the
visitor's ticket page (phone/)."""
