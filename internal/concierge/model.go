// Package concierge answers "who is a top partner for topic A in region
// B?" with ranked, explained matches, and introduces partners to each other
// with a double opt-in: the target accepts before either side sees the
// other's contact person, and both are asked 30 days later how it went.
// Staff pin recommended partners per topic, may have to approve every
// introduction first, and see the statistics. An introduction is the data
// of both its partners: staff see and decide it only if they steer the
// asker or the target (the ownership rule, partner.Steers); pins, matches
// and the statistics, which name no introduction's partners, are the
// programme's.
package concierge

import (
	"math"
	"math/bits"
	"slices"
	"strconv"
	"time"

	"pakt/internal/audit"
	"pakt/internal/geo"
	"pakt/internal/i18n"
	"pakt/internal/partner"
)

// What the audit log records of this package (see audit.Kind).
var (
	_ = audit.Kind("introduction", "create", "approve", "reject", "accept", "decline", "withdraw", "ask_outcome", "outcome")
	_ = audit.Event("introduction", "create", "approve", "reject", "accept", "decline", "withdraw", "outcome")
	_ = audit.Kind("concierge_pin", "create", "delete")
	_ = audit.Kind("concierge_settings", "update")
)

// Statuses of an introduction.
const (
	// StatusPendingApproval waits for a concierge (staff) to approve it.
	StatusPendingApproval = "pending_approval"
	// StatusRequested waits for the target's answer.
	StatusRequested = "requested"
	StatusAccepted  = "accepted"
	StatusDeclined  = "declined"
	// StatusRejected was refused by a concierge; the target never saw it.
	StatusRejected  = "rejected"
	StatusWithdrawn = "withdrawn"
)

// Statuses lists the statuses in the order of an introduction's life.
var Statuses = []string{StatusPendingApproval, StatusRequested, StatusAccepted, StatusDeclined, StatusRejected, StatusWithdrawn}

// Outcomes of an accepted introduction, as each side reports it.
const (
	OutcomeCooperation = "cooperation"
	OutcomeJointDeal   = "joint_deal"
	OutcomeNoFit       = "no_fit"
)

// Outcomes lists the outcomes, best last.
var Outcomes = []string{OutcomeNoFit, OutcomeCooperation, OutcomeJointDeal}

// OutcomeAfter is how long after the acceptance both sides are asked for
// the outcome.
const OutcomeAfter = 30 * 24 * time.Hour

// Introduction is a request of one partner (the asker) to be introduced to
// another (the target). Contact persons are filled in only once the target
// accepted.
type Introduction struct {
	ID              string     `json:"id"`
	AskerOrgID      string     `json:"asker_org_id"`
	AskerOrgName    string     `json:"asker_org_name"`
	AskerUserID     string     `json:"asker_user_id"`
	TargetOrgID     string     `json:"target_org_id"`
	TargetOrgName   string     `json:"target_org_name"`
	CompetencyID    string     `json:"competency_id"`
	Topic           string     `json:"topic"`
	Message         string     `json:"message"`
	Status          string     `json:"status" enum:"introduction_status"`
	CreatedAt       time.Time  `json:"created_at"`
	RequestedAt     *time.Time `json:"requested_at"`
	DecidedBy       string     `json:"decided_by"`
	DecidedAt       *time.Time `json:"decided_at"`
	AnsweredBy      string     `json:"answered_by"`
	AnsweredAt      *time.Time `json:"answered_at"`
	Reason          string     `json:"reason"`
	WithdrawnAt     *time.Time `json:"withdrawn_at"`
	OutcomeAskedAt  *time.Time `json:"outcome_asked_at"`
	AskerOutcome    string     `json:"asker_outcome"`
	AskerOutcomeAt  *time.Time `json:"asker_outcome_at"`
	TargetOutcome   string     `json:"target_outcome"`
	TargetOutcomeAt *time.Time `json:"target_outcome_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
	// The contact persons of both sides, once the target accepted.
	AskerContact  *partner.Contact `json:"asker_contact,omitempty"`
	TargetContact *partner.Contact `json:"target_contact,omitempty"`
}

// Open reports whether the introduction still waits for someone.
func (in *Introduction) Open() bool {
	return in.Status == StatusPendingApproval || in.Status == StatusRequested
}

// CombinedOutcome is what came of an introduction, from both sides'
// answers: the better one counts (a joint deal over a cooperation over no
// fit), "" while neither side answered.
func CombinedOutcome(asker, target string) string {
	best := ""
	for _, o := range []string{asker, target} {
		if slices.Index(Outcomes, o) > slices.Index(Outcomes, best) {
			best = o
		}
	}
	return best
}

// Pin is a partner the programme recommends for a competency.
type Pin struct {
	ID           string    `json:"id"`
	OrgID        string    `json:"org_id"`
	OrgName      string    `json:"org_name"`
	CompetencyID string    `json:"competency_id"`
	CreatedBy    string    `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
}

// Responsiveness is how a partner answered the introductions it was asked
// for.
type Responsiveness struct {
	// Answered counts the accepted and declined introductions.
	Answered int
	Accepted int
	// MedianAnswer is the median time from the request to the answer.
	MedianAnswer time.Duration
}

// Answer is an answered introduction, for the responsiveness rule.
type Answer struct {
	TargetOrgID string
	Accepted    bool
	Took        time.Duration
}

// ResponsivenessOf sums up the answers by target organisation.
func ResponsivenessOf(answers []Answer) map[string]Responsiveness {
	took := map[string][]time.Duration{}
	out := map[string]Responsiveness{}
	for _, a := range answers {
		r := out[a.TargetOrgID]
		r.Answered++
		if a.Accepted {
			r.Accepted++
		}
		out[a.TargetOrgID] = r
		took[a.TargetOrgID] = append(took[a.TargetOrgID], a.Took)
	}
	for id, d := range took {
		r := out[id]
		r.MedianAnswer = median(d)
		out[id] = r
	}
	return out
}

// median returns the median of d (the mean of the middle two for an even
// count), 0 for none.
func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// Competency is a requested competency with its name in the reader's
// language.
type Competency struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Request is a ranking's question as Rank needs it: the labels are in the
// reader's language Lang, in which the reasons are written.
type Request struct {
	Lang string
	// AskerOrg is left out of the matches ("" for staff).
	AskerOrg     string
	Competencies []Competency
	// TopicLabel names the topic in reasons ("Virtuelle Realität", "VR").
	TopicLabel string
	// Text is the free-text topic, quoted when only it matched.
	Text string
	// PeriodLabel names the requested period in reasons ("im März 2027");
	// "" when no period was asked.
	PeriodLabel string
	// Origin is where proximity counts from; with RadiusKm > 0 only the
	// partners within that distance match.
	Origin   *geo.Place
	RadiusKm int
	// Limit is how many matches to return; 0 returns all.
	Limit int
}

// Match is a ranked partner with the reasons for its rank.
type Match struct {
	OrgID     string `json:"org_id"`
	LegalName string `json:"legal_name"`
	City      string `json:"city"`
	Region    string `json:"region"`
	Country   string `json:"country"`
	Size      string `json:"size"`
	Score     int    `json:"score"`
	// Recommended marks a partner the programme pinned for a requested
	// competency; recommended partners come first.
	Recommended bool `json:"recommended"`
	// DistanceKm is the distance from the requested place or the asker,
	// when both places are known.
	DistanceKm   *int     `json:"distance_km,omitempty"`
	Competencies []string `json:"competencies"`
	Reasons      []Reason `json:"reasons"`
}

// Reason is one reason for a match's rank: a translation key with its
// arguments and the text in the reader's language.
type Reason struct {
	Key  string `json:"key"`
	Args []any  `json:"-"`
	Text string `json:"text"`
}

// The weights of the signals, in points.
const (
	// PointsCompetencies are shared by the requested competencies.
	PointsCompetencies = 40
	// PointsMention is for a profile that mentions the free-text topic
	// without having a requested competency.
	PointsMention = 10
	// PointsPerReference count each reference on the topic, up to
	// MaxReferences of them.
	PointsPerReference = 8
	MaxReferences      = 4
	// A valid certification on the topic, or else any valid one.
	PointsCertification      = 20
	PointsOtherCertification = 8
	// Free resources in the period, of a skill on the topic or another.
	PointsFree      = 15
	PointsOtherFree = 5
	// PointsNear are for the same place, falling to zero at ProximityKm.
	PointsNear  = 15
	ProximityKm = 300
	// PointsResponsive are shared by the acceptance rate; answering within
	// FastAnswer (or QuickAnswer) adds some.
	PointsResponsive = 10
	PointsFast       = 5
	PointsQuick      = 2
	FastAnswer       = 2 * 24 * time.Hour
	QuickAnswer      = 7 * 24 * time.Hour
	// NearKm is the distance under which a partner is "nearby".
	NearKm = 5
)

type scored struct {
	// fact is the index of the fact among the Ranker's kept ones.
	fact        int
	order       int32
	id          string
	score       int
	recommended bool
	km          float64
	hasKm       bool
}

// before reports whether a ranks before b: recommended first, then by
// points, then in name order, then by id.
func (a *scored) before(b *scored) bool {
	if a.recommended != b.recommended {
		return a.recommended
	}
	if a.score != b.score {
		return a.score > b.score
	}
	if a.order != b.order {
		return a.order < b.order
	}
	return a.id < b.id
}

// Rank orders the matching partners: recommended ones first, then by score
// (see the Points constants), then in name order (the facts' Order) and by
// id, so that equal partners keep one order. The asker's own organisation
// never appears; with a radius, neither do partners farther away or whose
// place is unknown. req.Competencies are in the order of the facts'
// competency bits. It returns the first req.Limit matches (all for 0)
// with their reasons, and how many matched in all.
func Rank(req Request, facts []partner.MatchFact, resp map[string]Responsiveness, pins []Pin) (top []Match, total int) {
	r := NewRanker(req, resp, pins)
	for i := range facts {
		r.Add(&facts[i])
	}
	return r.Result()
}

// Ranker ranks facts handed to it one by one, as Rank does, keeping only
// the first req.Limit: ranking tens of thousands of partners needs neither
// their facts in memory nor a sort of them all.
type Ranker struct {
	req    Request
	resp   map[string]Responsiveness
	pinned map[string]bool
	// marked are the ids the ranking must recognise in a fact without
	// its id (see Narrow): the asker, the pinned and those with
	// responsiveness.
	marked []string
	limit  int
	// best is a heap of the best so far, the worst on top.
	best  []scored
	facts []partner.MatchFact // copies of the kept facts, by heap entry
	total int
	// near is the approximate distance below which the exact one is
	// computed: beyond, a partner earns no proximity points and is outside
	// the radius.
	near     float64
	cosAtLat float64
}

// NewRanker starts a ranking.
func NewRanker(req Request, resp map[string]Responsiveness, pins []Pin) *Ranker {
	r := &Ranker{req: req, resp: resp, pinned: map[string]bool{}, limit: req.Limit}
	for _, p := range pins {
		for _, c := range req.Competencies {
			if c.ID == p.CompetencyID {
				r.pinned[p.OrgID] = true
			}
		}
	}
	if req.AskerOrg != "" {
		r.marked = append(r.marked, req.AskerOrg)
	}
	for id := range r.pinned {
		r.marked = append(r.marked, id)
	}
	for id := range resp {
		r.marked = append(r.marked, id)
	}
	if r.limit <= 0 {
		r.limit = math.MaxInt
	}
	if req.Origin != nil {
		r.near = float64(ProximityKm)
		if req.RadiusKm > 0 {
			r.near = max(r.near, float64(req.RadiusKm))
		}
		// The approximation errs by well under 2 % at these distances.
		r.near = r.near*1.02 + 1
		r.cosAtLat = math.Cos(req.Origin.Lat * math.Pi / 180)
	}
	return r
}

// Narrow tells the directory what the ranking needs beyond f: which
// partners to mark (facts come without their id until completed), and,
// for a radius, a box around it that holds every place within it.
func (r *Ranker) Narrow(f *partner.MatchFilter) {
	f.Marked = r.marked
	if r.req.Origin != nil && r.req.RadiusKm > 0 {
		f.Within = around(r.req.Origin.Lat, r.req.Origin.Lon, float64(r.req.RadiusKm))
	}
}

// around returns a box that holds every place within km of lat, lon with
// a margin, nil when it would reach a pole or the date line.
func around(lat, lon, km float64) *partner.Box {
	const earthRadiusKm, deg = 6371.0088, 180 / math.Pi
	// The angle at the Earth's centre; a latitude moves by at most that
	// much, a longitude by at most asin(sin(angle) / cos(lat)).
	angle := (km*1.01 + 1) / earthRadiusKm
	dLat := angle * deg
	if lat+dLat >= 89 || lat-dLat <= -89 {
		return nil
	}
	s := math.Sin(angle) / math.Cos(lat/deg)
	if s >= 1 {
		return nil
	}
	dLon := math.Asin(s)*deg*1.01 + 0.01
	if lon+dLon >= 180 || lon-dLon <= -180 {
		return nil
	}
	return &partner.Box{MinLat: lat - dLat, MaxLat: lat + dLat, MinLon: lon - dLon, MaxLon: lon + dLon}
}

// roughKm is the equirectangular distance from the origin, close to the
// great-circle distance for nearby places and cheap to compute.
func (r *Ranker) roughKm(lat, lon float64) float64 {
	const kmPerDegree = 6371.0088 * math.Pi / 180
	x := (lon - r.req.Origin.Lon) * r.cosAtLat * kmPerDegree
	y := (lat - r.req.Origin.Lat) * kmPerDegree
	return math.Sqrt(x*x + y*y)
}

// sameID compares ids from their random end: UUIDv7s share their start.
func sameID(a, b string) bool {
	return len(a) == len(b) && a != "" && a[len(a)-1] == b[len(b)-1] && a == b
}

func (r *Ranker) worse(i, j int) bool { return r.best[j].before(&r.best[i]) }

func (r *Ranker) swap(i, j int) { r.best[i], r.best[j] = r.best[j], r.best[i] }

// Add ranks one fact; f may be changed after the call. A fact from the
// directory comes without its id until completed: the ranking knows it
// only for the partners it marked (see Narrow), and needs it for no
// other, as no two such facts share their Order.
func (r *Ranker) Add(f *partner.MatchFact) {
	req := &r.req
	id := f.ID
	if f.Mark > 0 && f.Mark <= len(r.marked) {
		id = r.marked[f.Mark-1]
	}
	if sameID(id, req.AskerOrg) || req.Origin != nil && req.RadiusKm > 0 && !f.Located {
		return
	}
	s := scored{order: f.Order, id: id}
	var resp Responsiveness
	if id != "" {
		s.recommended = r.pinned[id]
		resp = r.resp[id]
	}
	// Every point but the proximity's comes from the fact alone.
	base := score(req, f, resp)
	if req.RadiusKm == 0 && len(r.best) == r.limit {
		// A full list: a partner that would not make it even with all
		// proximity points only counts, and needs no distance.
		s.score = base
		if req.Origin != nil && f.Located {
			s.score += PointsNear
		}
		if !s.before(&r.best[0]) {
			r.total++
			return
		}
	}
	if req.Origin != nil && f.Located {
		s.km, s.hasKm = r.roughKm(f.Lat, f.Lon), true
		if s.km < r.near {
			// The exact distance matters only for a partner that could
			// still make the list with all proximity points.
			s.score = base + PointsNear
			if len(r.best) < r.limit || s.before(&r.best[0]) || req.RadiusKm > 0 {
				s.km = geo.DistanceKm(req.Origin.Lat, req.Origin.Lon, f.Lat, f.Lon)
			}
		}
	}
	if req.Origin != nil && req.RadiusKm > 0 && (!s.hasKm || s.km > float64(req.RadiusKm)) {
		return
	}
	s.score = base
	if s.hasKm {
		s.score += proximityPoints(s.km)
	}
	r.total++
	// Only a fact that makes the list so far is completed and copied.
	switch {
	case len(r.best) < r.limit:
		f.Complete()
		s.fact, s.id = len(r.facts), f.ID
		r.facts = append(r.facts, *f)
		r.best = append(r.best, s)
		for c := len(r.best) - 1; c > 0; {
			p := (c - 1) / 2
			if !r.worse(c, p) {
				break
			}
			r.swap(c, p)
			c = p
		}
	case s.before(&r.best[0]):
		f.Complete()
		s.fact, s.id = r.best[0].fact, f.ID
		r.facts[s.fact] = *f
		r.best[0] = s
		for i := 0; ; {
			l, rt, m := 2*i+1, 2*i+2, i
			if l < len(r.best) && r.worse(l, m) {
				m = l
			}
			if rt < len(r.best) && r.worse(rt, m) {
				m = rt
			}
			if m == i {
				break
			}
			r.swap(i, m)
			i = m
		}
	}
}

// Result returns the kept matches, best first, with their reasons, and how
// many matched in all.
func (r *Ranker) Result() (top []Match, total int) {
	order := make([]int, len(r.best))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		switch {
		case r.best[a].before(&r.best[b]):
			return -1
		case r.best[b].before(&r.best[a]):
			return 1
		}
		return 0
	})
	top = make([]Match, 0, len(order))
	for _, i := range order {
		s := r.best[i]
		var resp Responsiveness
		if len(r.resp) > 0 {
			resp = r.resp[s.id]
		}
		top = append(top, explain(r.req, &r.facts[s.fact], s, resp))
	}
	return top, r.total
}

func proximityPoints(km float64) int {
	if km >= ProximityKm {
		return 0
	}
	return int(math.Round(PointsNear * (ProximityKm - km) / ProximityKm))
}

// score returns the points of f, the proximity's apart.
func score(req *Request, f *partner.MatchFact, r Responsiveness) int {
	points := 0
	matched := bits.OnesCount64(f.Competencies)
	if len(req.Competencies) > 0 {
		points += PointsCompetencies * matched / len(req.Competencies)
	}
	if matched == 0 && f.Mentions {
		points += PointsMention
	}
	points += PointsPerReference * min(f.References, MaxReferences)
	if f.Certified {
		if f.Certification.Relevant {
			points += PointsCertification
		} else {
			points += PointsOtherCertification
		}
	}
	switch {
	case f.FreeTopicDays+f.FreeTopicFTE > 0:
		points += PointsFree
	case f.FreeOtherDays+f.FreeOtherFTE > 0:
		points += PointsOtherFree
	}
	if r.Answered > 0 {
		points += PointsResponsive * r.Accepted / r.Answered
		switch {
		case r.MedianAnswer <= FastAnswer:
			points += PointsFast
		case r.MedianAnswer <= QuickAnswer:
			points += PointsQuick
		}
	}
	return points
}

// explain makes the match of s with its reasons in req.Lang.
func explain(req Request, f *partner.MatchFact, s scored, r Responsiveness) Match {
	m := Match{OrgID: f.ID, LegalName: f.Name, City: f.City, Region: f.Region, Country: f.Country, Size: f.Size,
		Score: s.score, Recommended: s.recommended, Competencies: []string{}, Reasons: []Reason{}}
	for i, c := range req.Competencies {
		if f.Competencies&(1<<i) != 0 {
			m.Competencies = append(m.Competencies, c.ID)
		}
	}
	add := func(key string, args ...any) {
		m.Reasons = append(m.Reasons, Reason{Key: key, Args: args, Text: i18n.T(req.Lang, key, args...)})
	}
	if s.recommended {
		add("concierge.reason.recommended", req.TopicLabel)
	}
	switch {
	case len(m.Competencies) == 0:
	case len(req.Competencies) == 1:
		add("concierge.reason.competency", req.Competencies[0].Name)
	default:
		add("concierge.reason.competencies", len(m.Competencies), len(req.Competencies))
	}
	switch {
	case f.References == 1:
		add("concierge.reason.reference", req.TopicLabel)
	case f.References > 1:
		add("concierge.reason.references", f.References, req.TopicLabel)
	}
	if c := f.Certification; f.Certified {
		if c.ValidUntil.IsZero() {
			add("concierge.reason.certified_open", c.Name)
		} else {
			add("concierge.reason.certified", strconv.Itoa(c.ValidUntil.Year()), c.Name)
		}
	}
	if req.PeriodLabel != "" {
		fte, days := f.FreeTopicFTE, f.FreeTopicDays
		if fte+days == 0 {
			fte, days = f.FreeOtherFTE, f.FreeOtherDays
		}
		if fte > 0 {
			add("concierge.reason.free_fte", i18n.Decimal(req.Lang, fte), req.PeriodLabel)
		}
		if days > 0 {
			add("concierge.reason.free_days", i18n.Decimal(req.Lang, days), req.PeriodLabel)
		}
	}
	if s.hasKm {
		km := int(math.Round(s.km))
		m.DistanceKm = &km
		if km < NearKm {
			add("concierge.reason.nearby", NearKm)
		} else {
			add("concierge.reason.distance", km)
		}
	}
	if r.Answered > 0 {
		add("concierge.reason.accepted", r.Accepted, r.Answered)
		switch days := int(r.MedianAnswer / (24 * time.Hour)); days {
		case 0:
			add("concierge.reason.answers_same_day")
		case 1:
			add("concierge.reason.answers_next_day")
		default:
			add("concierge.reason.answers_in", days)
		}
	}
	if len(m.Competencies) == 0 && f.Mentions && req.Text != "" {
		add("concierge.reason.mentions", req.Text)
	}
	return m
}
