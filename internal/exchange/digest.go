package exchange

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"pakt/internal/i18n"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// digests sends every subscriber who is due the new listings on their
// topics since their last digest, in their language. Each subscription's
// digest of a period is claimed in the transaction that queues its mail,
// so it goes out once however many processes run; a digest with nothing in
// it is not sent (the period counts as done).
func (s *Service) digests(ctx context.Context) error {
	now := s.now()
	subs, err := activeSubscribers(ctx, s.DB)
	if err != nil {
		return err
	}
	var due []subscriber
	since := now
	for _, sub := range subs {
		if _, ok := DigestDue(sub.sub.Frequency, sub.sub.LastDigestAt, now); ok {
			due = append(due, sub)
			since = minTime(since, DigestSince(sub.sub.Frequency, sub.sub.LastDigestAt, now))
		}
	}
	if len(due) == 0 {
		return nil
	}
	listings, err := newListings(ctx, s.DB, since, now)
	if err != nil {
		return err
	}
	comps, err := s.Partners.Competencies(ctx)
	if err != nil {
		return err
	}
	names := make(map[string]*partner.Competency, len(comps))
	for _, c := range comps {
		names[c.ID] = c
	}
	orgTopics, err := orgCompetencies(ctx, s.DB)
	if err != nil {
		return err
	}
	base := ""
	if s.Notify != nil {
		base = s.Notify.BaseURL
	}
	for _, sub := range due {
		start, _ := DigestDue(sub.sub.Frequency, sub.sub.LastDigestAt, now)
		from := DigestSince(sub.sub.Frequency, sub.sub.LastDigestAt, now)
		wanted := sub.sub.Topics
		if len(wanted) == 0 {
			wanted = orgTopics[sub.orgID]
		}
		var picked []*Listing
		for _, l := range listings {
			if l.CreatedAt.After(from) && l.OrgID != sub.orgID && Matches(l.Topics, wanted) {
				picked = append(picked, l)
			}
		}
		err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
			ok, err := claimDigest(ctx, tx, sub.userID, start, now)
			if err != nil || !ok || len(picked) == 0 {
				return err
			}
			lang := sub.lang
			if !i18n.Supported(lang) {
				lang = i18n.Languages[0]
			}
			kind := "exchange.digest_daily"
			if sub.sub.Frequency == FrequencyWeekly {
				kind = "exchange.digest_weekly"
			}
			return s.notice(ctx, tx, notify.Notice{Kind: kind, Args: []string{strconv.Itoa(len(picked))}, Link: "/exchange/subscription",
				Extra: DigestText(lang, base, picked, names), Users: []string{sub.userID}, MailOnly: true})
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// DigestText lists listings for a digest e-mail in lang: kind and title,
// then topics, place and period, then the address of the listing.
func DigestText(lang, baseURL string, listings []*Listing, topics map[string]*partner.Competency) string {
	var b strings.Builder
	for i, l := range listings {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString("• ")
		b.WriteString(i18n.T(lang, "exchange.kind."+l.Kind))
		b.WriteString(": ")
		b.WriteString(i18n.Truncate(l.Title, 120))
		b.WriteString("\n  ")
		var names []string
		for _, t := range l.Topics {
			if c := topics[t]; c != nil {
				names = append(names, c.Name(lang))
			}
		}
		var parts []string
		if len(names) > 0 {
			parts = append(parts, i18n.T(lang, "exchange.topics")+": "+strings.Join(names, ", "))
		}
		place := i18n.CountryName(lang, l.Country)
		if l.Region != "" {
			place = l.Region + ", " + place
		}
		parts = append(parts, place)
		parts = append(parts, i18n.Date(lang, l.From.Time)+" – "+i18n.Date(lang, l.To.Time))
		if l.Kind == KindOffering {
			parts = append(parts, l.Skill+": "+i18n.Decimal(lang, l.AmountTenths)+" "+i18n.T(lang, "unit."+l.Unit))
		} else if l.EffortTenths > 0 {
			parts = append(parts, i18n.T(lang, "exchange.effort_days", i18n.Decimal(lang, l.EffortTenths)))
		}
		b.WriteString(strings.Join(parts, " · "))
		b.WriteString("\n  ")
		b.WriteString(i18n.T(lang, "exchange.by", l.OrgName))
		b.WriteString("\n  ")
		b.WriteString(baseURL + "/exchange/" + l.ID)
		b.WriteString("\n")
	}
	return b.String()
}
