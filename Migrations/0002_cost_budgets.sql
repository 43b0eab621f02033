-- A tenant's budget of cost points per window, set by an OWNER; NULL means the server default.
ALTER TABLE tenants ADD COLUMN cost_budget BIGINT;
