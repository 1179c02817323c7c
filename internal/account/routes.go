package account

// Routes registers the account pages and API.
func (h *Handler) Routes() {}
