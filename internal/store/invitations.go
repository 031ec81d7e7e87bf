package store

import (
	"context"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// Invitations stores one-time invitation links (sqldb/invitations.go).
type Invitations interface {
	// CreateInvitation stores an invitation by the hash of its link's token
	// and returns its id. An address already used by a staff member is an
	// error wrapping content.ErrConflict; earlier pending invitations for
	// the same address are withdrawn (only the newest link works).
	CreateInvitation(ctx context.Context, inv content.Invitation, tokenHash string) (int64, error)
	// InvitationByToken returns an invitation, pending or not, by the hash
	// of its token.
	InvitationByToken(ctx context.Context, tokenHash string) (*content.Invitation, error)
	// PendingInvitations lists invitations not accepted and not expired at
	// now, newest first.
	PendingInvitations(ctx context.Context, now time.Time) ([]content.Invitation, error)
	// AcceptInvitation creates the invited staff member with a name and a
	// password hash and marks the invitation used, in one transaction. An
	// invitation used, expired, withdrawn or unknown is content.ErrNotFound;
	// an address taken meanwhile is content.ErrConflict.
	AcceptInvitation(ctx context.Context, tokenHash, name, passwordHash string, now time.Time) (*content.User, error)
	// RevokeInvitation withdraws a pending invitation; an unknown or used
	// one is not an error.
	RevokeInvitation(ctx context.Context, id int64) error
}
