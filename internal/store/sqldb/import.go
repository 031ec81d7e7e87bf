package sqldb

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// ImportBundle implements store.Importer. Everything happens in one
// transaction: any error leaves the database as it was.
func (s *DB) ImportBundle(ctx context.Context, b *content.Bundle, now time.Time) (store.ImportResult, error) {
	var res store.ImportResult
	err := s.inTx(ctx, func(tx querier) error {
		res = store.ImportResult{}
		refs, err := s.importTaxonomy(ctx, tx, b, &res)
		if err != nil {
			return err
		}
		// What the import changes on public pages: the topics, authors and
		// series it names, and each episode before and after. A large
		// import changes every page.
		tags := []string{store.TagLists, store.TagEpisodes}
		for _, id := range refs.topics {
			tags = append(tags, store.TagTopic(id))
		}
		for _, id := range refs.authors {
			tags = append(tags, store.TagAuthor(id))
		}
		for _, id := range refs.series {
			tags = append(tags, store.TagSeries(id))
		}
		precise := len(b.Episodes) <= importTagLimit
		if !precise {
			tags = []string{store.TagAll}
		}
		for i := range b.Episodes {
			e := &b.Episodes[i]
			var before []*content.Episode
			if precise {
				var err error
				if before, err = s.episodesByKey(ctx, tx, e.Key); err != nil {
					return &store.ItemError{Kind: "episode", Key: e.Key, Err: err}
				}
			}
			created, n, err := s.importEpisode(ctx, tx, e, refs, now)
			if err != nil {
				return &store.ItemError{Kind: "episode", Key: e.Key, Err: err}
			}
			if created {
				res.EpisodesCreated++
			} else {
				res.EpisodesUpdated++
			}
			res.Redirects += n
			if precise {
				after, err := s.episodesByKey(ctx, tx, e.Key)
				if err != nil {
					return &store.ItemError{Kind: "episode", Key: e.Key, Err: err}
				}
				for _, ep := range append(before, after...) {
					if ep.Status == content.Published {
						tags = append(tags, store.EpisodeListTags(ep)...)
					}
				}
			}
		}
		return s.bumpGeneration(ctx, tx, tags...)
	})
	return res, err
}

// importTaxonomy creates or updates the bundle's topics, authors and
// series by key, in the caller's transaction, counting them in res; the
// resolver it returns finds their ids (and those of stored items) by key.
func (s *DB) importTaxonomy(ctx context.Context, tx querier, b *content.Bundle, res *store.ImportResult) (*refResolver, error) {
	topicIDs := map[string]int64{}
	for _, t := range b.Topics {
		id, err := s.upsertReturningID(ctx, tx, `INSERT INTO topics (key, name_en, name_fr, slug_en, slug_fr, description_en, description_fr)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET name_en = excluded.name_en, name_fr = excluded.name_fr,
			slug_en = excluded.slug_en, slug_fr = excluded.slug_fr,
			description_en = excluded.description_en, description_fr = excluded.description_fr
			RETURNING id`, t.Key, t.Names.EN, t.Names.FR, t.Slugs.EN, t.Slugs.FR, t.Descriptions.EN, t.Descriptions.FR)
		if err != nil {
			return nil, &store.ItemError{Kind: "topic", Key: t.Key, Err: err}
		}
		topicIDs[t.Key] = id
		res.Topics++
	}
	authorIDs := map[string]int64{}
	for _, a := range b.Authors {
		id, err := s.upsertReturningID(ctx, tx, `INSERT INTO authors (key, name, slug_en, slug_fr, role_en, role_fr, bio_en, bio_fr, fr_noun)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET name = excluded.name, slug_en = excluded.slug_en, slug_fr = excluded.slug_fr,
			role_en = excluded.role_en, role_fr = excluded.role_fr, bio_en = excluded.bio_en, bio_fr = excluded.bio_fr,
			fr_noun = excluded.fr_noun
			RETURNING id`, a.Key, a.Name, a.Slugs.EN, a.Slugs.FR, a.Roles.EN, a.Roles.FR, a.Bios.EN, a.Bios.FR, string(a.FrenchNoun))
		if err != nil {
			return nil, &store.ItemError{Kind: "author", Key: a.Key, Err: err}
		}
		authorIDs[a.Key] = id
		res.Authors++
	}
	seriesIDs := map[string]int64{}
	for _, sr := range b.Series {
		id, err := s.upsertReturningID(ctx, tx, `INSERT INTO series (key, title_en, title_fr, slug_en, slug_fr, intro_en, intro_fr, intro_html_en, intro_html_fr)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET title_en = excluded.title_en, title_fr = excluded.title_fr,
			slug_en = excluded.slug_en, slug_fr = excluded.slug_fr, intro_en = excluded.intro_en, intro_fr = excluded.intro_fr,
			intro_html_en = excluded.intro_html_en, intro_html_fr = excluded.intro_html_fr
			RETURNING id`, sr.Key, sr.Titles.EN, sr.Titles.FR, sr.Slugs.EN, sr.Slugs.FR, sr.Intros.EN, sr.Intros.FR, sr.IntrosHTML.EN, sr.IntrosHTML.FR)
		if err != nil {
			return nil, &store.ItemError{Kind: "series", Key: sr.Key, Err: err}
		}
		seriesIDs[sr.Key] = id
		res.Series++
	}
	return &refResolver{s: s, tx: tx, topics: topicIDs, authors: authorIDs, series: seriesIDs}, nil
}

func (s *DB) upsertReturningID(ctx context.Context, tx querier, q string, args ...any) (int64, error) {
	var id int64
	if err := tx.QueryRowContext(ctx, q, args...).Scan(&id); err != nil {
		return 0, err
	}
	return id, nil
}

// refResolver finds the id of a topic, author or series by key, in the
// bundle first and then among stored items.
type refResolver struct {
	s                       *DB
	tx                      querier
	topics, authors, series map[string]int64
}

func (r *refResolver) id(ctx context.Context, table, key string, cache map[string]int64) (int64, error) {
	if id, ok := cache[key]; ok {
		return id, nil
	}
	var id int64
	err := r.tx.QueryRowContext(ctx, `SELECT id FROM `+table+` WHERE key = ?`, key).Scan(&id)
	if isNoRows(err) {
		return 0, fmt.Errorf("unknown %s %q", singular(table), key)
	}
	if err != nil {
		return 0, err
	}
	cache[key] = id
	return id, nil
}

func singular(table string) string {
	switch table {
	case "topics":
		return "topic"
	case "authors":
		return "author"
	}
	return table
}

// importEpisode creates or updates one episode and its versions. Slugs of
// versions are kept once published; new ones are made unique per language.
func (s *DB) importEpisode(ctx context.Context, tx querier, e *content.Episode, refs *refResolver, now time.Time) (created bool, redirects int, err error) {
	var seriesID, seriesPos any
	if e.Series != nil {
		id, err := refs.id(ctx, "series", e.Series.Series.Key, refs.series)
		if err != nil {
			return false, 0, err
		}
		seriesID, seriesPos = id, e.Series.Position
	}
	var published any
	if !e.PublishedAt.IsZero() {
		published = s.t(e.PublishedAt)
	}
	modified := e.ModifiedAt
	if modified.IsZero() {
		modified = e.PublishedAt
	}
	if modified.IsZero() {
		modified = now
	}

	var id int64
	var oldStatus content.Status
	err = tx.QueryRowContext(ctx, `SELECT id, status FROM episodes WHERE key = ?`, e.Key).Scan(&id, &oldStatus)
	switch {
	case isNoRows(err):
		created = true
		id, err = s.upsertReturningID(ctx, tx, `INSERT INTO episodes (key, kind, status, published_at, modified_at, series_id, series_position, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			e.Key, string(e.Kind), string(e.Status), published, s.t(modified), seriesID, seriesPos, s.t(now), s.t(now))
		if err != nil {
			return false, 0, fmt.Errorf("insert: %w", err)
		}
	case err != nil:
		return false, 0, fmt.Errorf("find: %w", err)
	default:
		// The revision number moves, so that an editor who opened the
		// episode before the import gets a conflict, not an overwrite.
		_, err = tx.ExecContext(ctx, `UPDATE episodes SET kind = ?, status = ?, published_at = ?, modified_at = ?,
			series_id = ?, series_position = ?, updated_at = ?, revision = revision + 1 WHERE id = ?`,
			string(e.Kind), string(e.Status), published, s.t(modified), seriesID, seriesPos, s.t(now), id)
		if err != nil {
			return false, 0, fmt.Errorf("update: %w", err)
		}
	}
	e.ID = id

	for _, lang := range content.Langs {
		if err := s.importVersion(ctx, tx, e, lang, oldStatus == content.Published); err != nil {
			return false, 0, fmt.Errorf("%s version: %w", lang, err)
		}
	}

	if _, err := tx.ExecContext(ctx, `DELETE FROM episode_topics WHERE episode_id = ?`, id); err != nil {
		return false, 0, err
	}
	for i, t := range e.Topics {
		tid, err := refs.id(ctx, "topics", t.Key, refs.topics)
		if err != nil {
			return false, 0, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO episode_topics (episode_id, topic_id, position) VALUES (?, ?, ?)`, id, tid, i); err != nil {
			return false, 0, fmt.Errorf("topic %q: %w", t.Key, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM episode_authors WHERE episode_id = ?`, id); err != nil {
		return false, 0, err
	}
	for i, a := range e.Authors {
		aid, err := refs.id(ctx, "authors", a.Key, refs.authors)
		if err != nil {
			return false, 0, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO episode_authors (episode_id, author_id, position) VALUES (?, ?, ?)`, id, aid, i); err != nil {
			return false, 0, fmt.Errorf("author %q: %w", a.Key, err)
		}
	}
	// The search index changes in the same transaction as the content.
	for _, lang := range content.Langs {
		if v := e.Version(lang); v != nil {
			err = s.indexVersion(ctx, tx, id, lang, v)
		} else {
			err = s.unindexVersion(ctx, tx, id, lang)
		}
		if err != nil {
			return false, 0, err
		}
	}
	for _, p := range e.LegacyPaths {
		// The language is read from the normalised path, as Redirect looks
		// it up: "/FR/x/" and "fr/x" are French too.
		np := NormalizePath(p)
		lang := content.English
		if strings.HasPrefix(np, "/fr/") {
			lang = content.French
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO redirects (path, episode_id, lang) VALUES (?, ?, ?)
			ON CONFLICT (path) DO UPDATE SET episode_id = excluded.episode_id, lang = excluded.lang`, np, id, string(lang)); err != nil {
			return false, 0, fmt.Errorf("legacy url %q: %w", p, err)
		}
		redirects++
	}
	return created, redirects, nil
}

// ErrSlugTaken and ErrSlugChanged are returned (wrapped) by ImportBundle.
var (
	ErrSlugTaken   = fmt.Errorf("slug already used by another episode in this language: %w", content.ErrConflict)
	ErrSlugChanged = fmt.Errorf("the slug of a published version cannot change: %w", content.ErrConflict)
)

func (s *DB) importVersion(ctx context.Context, tx querier, e *content.Episode, lang content.Lang, wasPublished bool) error {
	v := e.Version(lang)
	var oldSlug string
	err := tx.QueryRowContext(ctx, `SELECT slug FROM versions WHERE episode_id = ? AND lang = ?`, e.ID, string(lang)).Scan(&oldSlug)
	if err != nil && !isNoRows(err) {
		return err
	}
	exists := err == nil
	if v == nil {
		if exists {
			_, err := tx.ExecContext(ctx, `DELETE FROM versions WHERE episode_id = ? AND lang = ?`, e.ID, string(lang))
			return err
		}
		return nil
	}
	// taken reports a slug as free once a query has failed, so that
	// UniqueSlug stops; the error is returned below. (Reporting it as taken
	// made UniqueSlug loop forever when the context was canceled.)
	var takenErr error
	taken := func(slug string) bool {
		if takenErr != nil {
			return false
		}
		var n int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM versions WHERE lang = ? AND slug = ? AND episode_id <> ?`, string(lang), slug, e.ID).Scan(&n)
		if err != nil {
			takenErr = fmt.Errorf("check slug: %w", err)
			return false
		}
		return n > 0
	}
	switch {
	case v.Slug != "" && exists && wasPublished && v.Slug != oldSlug:
		return fmt.Errorf("%w (it is %q)", ErrSlugChanged, oldSlug)
	case v.Slug != "":
		if taken(v.Slug) {
			return fmt.Errorf("%q: %w", v.Slug, ErrSlugTaken)
		}
	case exists && wasPublished:
		v.Slug = oldSlug
	default:
		v.Slug = content.UniqueSlug(content.Slugify(v.Title), e.Key, taken)
	}
	if takenErr != nil {
		return takenErr
	}
	if err := s.fillMediaType(ctx, tx, e.Kind, v); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO versions (episode_id, lang, title, slug, summary, body_md, body_html, word_count,
			image_url, image_alt, image_caption, transcript_md, transcript_html, media_url, media_type, media_seconds,
			captions_en_url, captions_fr_url, media_bytes)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (episode_id, lang) DO UPDATE SET title = excluded.title, slug = excluded.slug, summary = excluded.summary,
			body_md = excluded.body_md, body_html = excluded.body_html, word_count = excluded.word_count,
			image_url = excluded.image_url, image_alt = excluded.image_alt, image_caption = excluded.image_caption,
			transcript_md = excluded.transcript_md, transcript_html = excluded.transcript_html,
			media_url = excluded.media_url, media_type = excluded.media_type, media_seconds = excluded.media_seconds,
			captions_en_url = excluded.captions_en_url, captions_fr_url = excluded.captions_fr_url, media_bytes = excluded.media_bytes`,
		e.ID, string(lang), v.Title, v.Slug, v.Summary, v.BodyMarkdown, v.BodyHTML, v.WordCount,
		v.Image.URL, v.Image.Alt, v.Image.Caption, v.Transcript, v.TranscriptHTML, v.MediaURL, v.MediaType, v.MediaSeconds,
		v.Captions.EN, v.Captions.FR, v.MediaBytes)
	if err != nil {
		return err
	}
	v.EpisodeID = e.ID
	if _, err := tx.ExecContext(ctx, `DELETE FROM version_links WHERE episode_id = ? AND lang = ?`, e.ID, string(lang)); err != nil {
		return err
	}
	for i, l := range v.LearnMore {
		if _, err := tx.ExecContext(ctx, `INSERT INTO version_links (episode_id, lang, position, label, url) VALUES (?, ?, ?, ?, ?)`,
			e.ID, string(lang), i, l.Label, l.URL); err != nil {
			return err
		}
	}
	return nil
}

// importTagLimit is the largest import whose page changes are recorded
// episode by episode; a larger one changes every page (store.TagAll).
const importTagLimit = 50

// episodesByKey loads the episode with the import key, if there is one.
func (s *DB) episodesByKey(ctx context.Context, tx querier, key string) ([]*content.Episode, error) {
	ids, err := s.ids(ctx, tx, `SELECT id FROM episodes WHERE key = ?`, key)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	return s.loadEpisodes(ctx, tx, ids)
}
