package db

import "context"

// MigrateTo applies the migrations up to and including version, for the
// tests of a migration's conversion of existing data.
func (d *DB) MigrateTo(ctx context.Context, version int64) error {
	p, err := d.provider()
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, version)
	return err
}
