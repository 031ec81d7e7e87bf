// Package storetest is the conformance suite of store.Store: every
// implementation (SQLite and PostgreSQL) runs the same tests through Run,
// so that the two databases behave the same for the application.
package storetest

import (
	"testing"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

const (
	en = content.English
	fr = content.French
)

// test is one conformance test, run on a new, empty store.
type test struct {
	name string
	fn   func(t *testing.T, s store.Store)
}

// concerns lists the suite by concern, each in the file of its name (as
// in store/ and store/sqldb/).
var concerns = [][]test{
	// import.go
	{
		{"ImportCreatesThenUpdates", testImportCreatesThenUpdates},
		{"ImportAllOrNothing", testImportAllOrNothing},
		{"ImportCanceled", testImportCanceled},
		{"SlugDerivationAndUniqueness", testSlugs},
		{"PublishedSlugStable", testPublishedSlugStable},
		{"PublishedSlugChangeRefused", testPublishedSlugChangeRefused},
		{"DraftSlugFollowsTitle", testDraftSlugFollowsTitle},
		{"RemoveLanguageVersion", testRemoveLanguageVersion},
	},
	// catalogue.go
	{
		{"EpisodesLiveOnly", testEpisodesLiveOnly},
		{"EpisodesLanguage", testEpisodesLanguage},
		{"EpisodesFilters", testEpisodesFilters},
		{"EpisodesSeriesOrder", testEpisodesSeriesOrder},
		{"EpisodesOrderAndPagination", testEpisodesOrderAndPagination},
		{"EpisodeBySlug", testEpisodeBySlug},
		{"EpisodeByID", testEpisodeByID},
		{"RelatedEpisodes", testRelatedEpisodes},
		{"Taxonomy", testTaxonomy},
		{"Generation", testGeneration},
	},
	// changes.go
	{{"PageChanges", testPageChanges}},
	// related.go
	{{"RelatedFollowsChanges", testRelatedFollowsChanges}, {"RelatedCatchUp", testRelatedCatchUp}},
	// listings.go (the lists and totals of Episodes, SeriesPlace)
	{
		{"ListingsFollowWrites", testListingsFollowWrites},
		{"SeriesPlace", testSeriesPlace},
		{"EpisodesCards", testEpisodesCards},
	},
	// search.go, search_shared.go (RunShared: two servers on one database)
	{{"Search", testSearch}},
	// redirects.go
	{{"Redirect", testRedirect}, {"PathRedirects", testPathRedirects}},
	// site.go
	{{"Notice", testNotice}, {"SiteTitle", testSiteTitle}},
	// feedback.go
	{{"Feedback", testFeedback}, {"ConcurrentFeedback", testConcurrentFeedback}, {"FeedbackInbox", testFeedbackInbox}, {"FeedbackComment", testFeedbackComment}},
	// glossary.go
	{{"Glossary", testGlossary}},
	// sitepages.go
	{{"SitePages", testSitePages}},
	// editing.go
	{{"Editing", testEditing}, {"EpisodeIDByKey", testEpisodeIDByKey}, {"EditCaptions", testEditCaptions}, {"EditMediaBytes", testEditMediaBytes}},
	// pending.go
	{{"PendingChanges", testPendingChanges}, {"Autosave", testAutosave}, {"PreviewLinks", testPreviewLinks}, {"EpisodeNotes", testEpisodeNotes}, {"ReviewRequests", testReviewRequests}, {"Outbox", testOutbox}},
	// workflow.go
	workflowTests,
	// taxonomy.go
	{{"TaxonomyAdmin", testTaxonomyAdmin}, {"AuthorFrenchNoun", testAuthorFrenchNoun}},
	// media.go
	{{"Media", testMedia}, {"MediaUses", testMediaUses}, {"MediaTypeFilled", testMediaTypeFilled}},
	// staff.go, invitations.go, audit.go
	{{"Staff", testStaff}, {"Invitations", testInvitations}, {"Audit", testAudit}, {"AuditQuery", testAuditQuery}},
	// data.go: what every concern stores (times, Unicode, hostile SQL)
	{{"TimesUTC", testTimesUTC}, {"Unicode", testUnicode}, {"SQLInjection", testSQLInjection}},
}

// Run runs the suite. open must return a new, empty, migrated store for the
// test it is given; Run closes it when the test ends.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	for _, tests := range concerns {
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				s := open(t)
				t.Cleanup(func() {
					unstampedSearchChanges(t, s)
					if err := s.Close(); err != nil {
						t.Errorf("close: %v", err)
					}
				})
				tc.fn(t, s)
			})
		}
	}
}
