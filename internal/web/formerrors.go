package web

// FieldError is one refused field of a form and its message.
type FieldError struct {
	Field   string
	Message string
}

// ErrorList lists the refused fields in the order the service named them,
// for the summary above the form (the "errors" block).
func (p *Page) ErrorList() []FieldError {
	out := make([]FieldError, 0, len(p.refused))
	for _, f := range p.refused {
		out = append(out, FieldError{Field: f, Message: p.Errors[f]})
	}
	return out
}
