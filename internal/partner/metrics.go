package partner

import "github.com/prometheus/client_golang/prometheus"

// Collectors are the directory index's metrics: whether it is loaded, what
// it holds and how long its last full load took.
func (s *Service) Collectors() []prometheus.Collector {
	gauge := func(name, help string, value func() float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, value)
	}
	return []prometheus.Collector{
		gauge("pakt_directory_index_ready", "1 once the directory's search index is loaded, else 0.", func() float64 {
			if s.Index.Stats().Ready {
				return 1
			}
			return 0
		}),
		gauge("pakt_directory_index_organisations", "Organisations in the directory's search index.", func() float64 {
			return float64(s.Index.Stats().Organisations)
		}),
		gauge("pakt_directory_index_terms", "Distinct words in the directory's search index.", func() float64 {
			return float64(s.Index.Stats().Terms)
		}),
		gauge("pakt_directory_index_load_seconds", "How long the last full load of the directory's search index took.", func() float64 {
			return s.Index.Stats().LastLoad.Seconds()
		}),
	}
}
