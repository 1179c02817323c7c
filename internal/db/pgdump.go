package db

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
)

// ErrNoPgDump says that a PostgreSQL backup needs pg_dump on the PATH.
var ErrNoPgDump = errors.New("backup of PostgreSQL needs pg_dump, which is not installed: install the PostgreSQL client tools (for example `apt-get install postgresql-client`) or back up with your provider's tools")

func pgDump(ctx context.Context, url, dest string) error {
	bin, err := exec.LookPath("pg_dump")
	if err != nil {
		return ErrNoPgDump
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("backup: %s exists already", dest)
	}
	cmd := exec.CommandContext(ctx, bin, "--format=custom", "--file="+dest, "--dbname="+url)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("pg_dump: %v: %s", err, out)
	}
	return nil
}
