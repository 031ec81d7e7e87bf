package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

const glossaryColumns = `id, term_en, term_fr, definition_en, definition_fr, updated_at`

func scanGlossaryTerm(sc interface{ Scan(...any) error }) (content.GlossaryTerm, error) {
	var g content.GlossaryTerm
	var u dbTime
	err := sc.Scan(&g.ID, &g.Terms.EN, &g.Terms.FR, &g.Definitions.EN, &g.Definitions.FR, &u)
	g.UpdatedAt = u.T
	return g, err
}

// GlossaryTerms implements store.Glossary.
func (s *DB) GlossaryTerms(ctx context.Context, lang content.Lang) ([]content.GlossaryTerm, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+glossaryColumns+` FROM glossary_terms ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: glossary: %w", err)
	}
	defer rows.Close()
	var out []content.GlossaryTerm
	for rows.Next() {
		g, err := scanGlossaryTerm(rows)
		if err != nil {
			return nil, fmt.Errorf("store: glossary: %w", err)
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: glossary: %w", err)
	}
	content.SortGlossary(out, lang)
	return out, nil
}

// GlossaryTermByID implements store.GlossaryEditor.
func (s *DB) GlossaryTermByID(ctx context.Context, id int64) (*content.GlossaryTerm, error) {
	return s.glossaryTermByID(ctx, s.q, id)
}

func (s *DB) glossaryTermByID(ctx context.Context, q querier, id int64) (*content.GlossaryTerm, error) {
	g, err := scanGlossaryTerm(q.QueryRowContext(ctx, `SELECT `+glossaryColumns+` FROM glossary_terms WHERE id = ?`, id))
	if isNoRows(err) {
		return nil, notFound("glossary term")
	}
	if err != nil {
		return nil, fmt.Errorf("store: glossary term: %w", err)
	}
	return &g, nil
}

// checkGlossaryTerms refuses terms another entry (not id) already has, as
// a *content.ValidationError on term_en and term_fr.
func (s *DB) checkGlossaryTerms(ctx context.Context, tx querier, id int64, terms content.Bilingual) error {
	fields := map[string]string{}
	for _, lang := range content.Langs {
		col := "key_" + string(lang)
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM glossary_terms WHERE `+col+` = ? AND id <> ?`,
			content.GlossaryKey(terms.In(lang)), id).Scan(&n); err != nil {
			return fmt.Errorf("check term: %w", err)
		}
		if n > 0 {
			fields["term_"+string(lang)] = content.GlossaryErrTaken
		}
	}
	if len(fields) > 0 {
		return &content.ValidationError{Fields: fields}
	}
	return nil
}

// CreateGlossaryTerm implements store.GlossaryEditor.
func (s *DB) CreateGlossaryTerm(ctx context.Context, g content.GlossaryTerm, now time.Time) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx querier) error {
		if err := s.checkGlossaryTerms(ctx, tx, 0, g.Terms); err != nil {
			return err
		}
		var err error
		id, err = s.upsertReturningID(ctx, tx, `INSERT INTO glossary_terms (term_en, term_fr, key_en, key_fr, definition_en, definition_fr, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, g.Terms.EN, g.Terms.FR, content.GlossaryKey(g.Terms.EN), content.GlossaryKey(g.Terms.FR),
			g.Definitions.EN, g.Definitions.FR, s.t(now), s.t(now))
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return s.bumpGeneration(ctx, tx, store.TagGlossary)
	})
	if err != nil {
		return 0, fmt.Errorf("store: create glossary term: %w", err)
	}
	return id, nil
}

// UpdateGlossaryTerm implements store.GlossaryEditor.
func (s *DB) UpdateGlossaryTerm(ctx context.Context, g content.GlossaryTerm, stamp string, now time.Time) error {
	err := s.inTx(ctx, func(tx querier) error {
		if err := s.lockRow(ctx, tx, "glossary_terms", g.ID); err != nil {
			return err
		}
		old, err := s.glossaryTermByID(ctx, tx, g.ID)
		if err != nil {
			return err
		}
		if content.GlossaryStamp(*old) != stamp {
			return ErrStale
		}
		if err := s.checkGlossaryTerms(ctx, tx, g.ID, g.Terms); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE glossary_terms SET term_en = ?, term_fr = ?, key_en = ?, key_fr = ?,
			definition_en = ?, definition_fr = ?, updated_at = ? WHERE id = ?`,
			g.Terms.EN, g.Terms.FR, content.GlossaryKey(g.Terms.EN), content.GlossaryKey(g.Terms.FR),
			g.Definitions.EN, g.Definitions.FR, s.t(now), g.ID); err != nil {
			return fmt.Errorf("update: %w", err)
		}
		return s.bumpGeneration(ctx, tx, store.TagGlossary)
	})
	if err != nil {
		return fmt.Errorf("store: update glossary term: %w", err)
	}
	return nil
}

// DeleteGlossaryTerm implements store.GlossaryEditor.
func (s *DB) DeleteGlossaryTerm(ctx context.Context, id int64) error {
	err := s.inTx(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM glossary_terms WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if k, err := res.RowsAffected(); err != nil {
			return err
		} else if k == 0 {
			return notFound("glossary term")
		}
		return s.bumpGeneration(ctx, tx, store.TagGlossary)
	})
	if err != nil {
		return fmt.Errorf("store: delete glossary term: %w", err)
	}
	return nil
}
