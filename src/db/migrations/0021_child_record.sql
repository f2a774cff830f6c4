-- The child's whole record lists every concern with its referral: find a concern's referral by an index, not by
-- reading every referral of the partnership.
create index referrals_concern on referrals (partnership_id, concern_id);
