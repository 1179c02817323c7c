package partner

// Routes registers the directory pages and API.
func (h *Handler) Routes() {}
