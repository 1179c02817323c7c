package partner

// Note is a line other features show staff on a partner's page, linking
// to where the matter is: an offboarding under way or ended.
type Note struct {
	Text string
	Link string
}
