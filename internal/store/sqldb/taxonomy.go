package sqldb

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/busrides/busrides/internal/content"
)

const topicColumns = `t.id, t.key, t.name_en, t.name_fr, t.slug_en, t.slug_fr, t.description_en, t.description_fr`

func topicDest(t *content.Topic) []any {
	return []any{&t.ID, &t.Key, &t.Names.EN, &t.Names.FR, &t.Slugs.EN, &t.Slugs.FR, &t.Descriptions.EN, &t.Descriptions.FR}
}

const authorColumns = `a.id, a.key, a.name, a.slug_en, a.slug_fr, a.role_en, a.role_fr, a.bio_en, a.bio_fr, a.photo_url`

func authorDest(a *content.Author) []any {
	return []any{&a.ID, &a.Key, &a.Name, &a.Slugs.EN, &a.Slugs.FR, &a.Roles.EN, &a.Roles.FR, &a.Bios.EN, &a.Bios.FR, &a.Photo}
}

const seriesColumns = `s.id, s.key, s.title_en, s.title_fr, s.slug_en, s.slug_fr, s.intro_en, s.intro_fr, s.intro_html_en, s.intro_html_fr`

func seriesDest(s *content.Series) []any {
	return []any{&s.ID, &s.Key, &s.Titles.EN, &s.Titles.FR, &s.Slugs.EN, &s.Slugs.FR, &s.Intros.EN, &s.Intros.FR, &s.IntrosHTML.EN, &s.IntrosHTML.FR}
}

// slugColumn returns the slug column for lang; lang is one of two constants,
// so the result is safe to place in SQL text.
func slugColumn(alias string, lang content.Lang) string {
	if lang == content.French {
		return alias + ".slug_fr"
	}
	return alias + ".slug_en"
}

// Topics implements store.Store.
func (s *DB) Topics(ctx context.Context) ([]content.Topic, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+topicColumns+` FROM topics t`)
	if err != nil {
		return nil, fmt.Errorf("store: topics: %w", err)
	}
	defer rows.Close()
	var out []content.Topic
	for rows.Next() {
		var t content.Topic
		if err := rows.Scan(topicDest(&t)...); err != nil {
			return nil, fmt.Errorf("store: topics: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: topics: %w", err)
	}
	// Sorted here, not in SQL, so both databases agree whatever their collation.
	slices.SortFunc(out, func(a, b content.Topic) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

// TopicBySlug implements store.Store.
func (s *DB) TopicBySlug(ctx context.Context, lang content.Lang, slug string) (*content.Topic, error) {
	var t content.Topic
	err := s.q.QueryRowContext(ctx, `SELECT `+topicColumns+` FROM topics t WHERE `+slugColumn("t", lang)+` = ?`, slug).Scan(topicDest(&t)...)
	if isNoRows(err) {
		return nil, notFound("topic by slug")
	}
	if err != nil {
		return nil, fmt.Errorf("store: topic by slug: %w", err)
	}
	return &t, nil
}

// Authors implements store.Store.
func (s *DB) Authors(ctx context.Context) ([]content.Author, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+authorColumns+` FROM authors a`)
	if err != nil {
		return nil, fmt.Errorf("store: authors: %w", err)
	}
	defer rows.Close()
	var out []content.Author
	for rows.Next() {
		var a content.Author
		if err := rows.Scan(authorDest(&a)...); err != nil {
			return nil, fmt.Errorf("store: authors: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: authors: %w", err)
	}
	slices.SortFunc(out, func(a, b content.Author) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// AuthorBySlug implements store.Store.
func (s *DB) AuthorBySlug(ctx context.Context, lang content.Lang, slug string) (*content.Author, error) {
	var a content.Author
	err := s.q.QueryRowContext(ctx, `SELECT `+authorColumns+` FROM authors a WHERE `+slugColumn("a", lang)+` = ?`, slug).Scan(authorDest(&a)...)
	if isNoRows(err) {
		return nil, notFound("author by slug")
	}
	if err != nil {
		return nil, fmt.Errorf("store: author by slug: %w", err)
	}
	return &a, nil
}

// SeriesList implements store.Store.
func (s *DB) SeriesList(ctx context.Context) ([]content.Series, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+seriesColumns+` FROM series s`)
	if err != nil {
		return nil, fmt.Errorf("store: series: %w", err)
	}
	defer rows.Close()
	var out []content.Series
	for rows.Next() {
		var sr content.Series
		if err := rows.Scan(seriesDest(&sr)...); err != nil {
			return nil, fmt.Errorf("store: series: %w", err)
		}
		out = append(out, sr)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: series: %w", err)
	}
	slices.SortFunc(out, func(a, b content.Series) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

// SeriesBySlug implements store.Store.
func (s *DB) SeriesBySlug(ctx context.Context, lang content.Lang, slug string) (*content.Series, error) {
	return s.seriesWhere(ctx, s.q, slugColumn("s", lang)+` = ?`, slug)
}

func (s *DB) seriesWhere(ctx context.Context, q querier, where string, arg any) (*content.Series, error) {
	var sr content.Series
	err := q.QueryRowContext(ctx, `SELECT `+seriesColumns+` FROM series s WHERE `+where, arg).Scan(seriesDest(&sr)...)
	if isNoRows(err) {
		return nil, notFound("series")
	}
	if err != nil {
		return nil, fmt.Errorf("store: series: %w", err)
	}
	return &sr, nil
}
