-- Asset Map schema version 1 (first release), for the migration tests.
CREATE TABLE area (
	id VARCHAR(40) NOT NULL, 
	name VARCHAR(120) NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE postcodearea (
	code VARCHAR(8) NOT NULL, 
	level VARCHAR(8) NOT NULL, 
	name VARCHAR(120) NOT NULL, 
	locality VARCHAR(60), 
	in_borough BOOLEAN NOT NULL, 
	latitude FLOAT NOT NULL, 
	longitude FLOAT NOT NULL, 
	PRIMARY KEY (code)
);
CREATE TABLE need (
	id VARCHAR(40) NOT NULL, 
	label VARCHAR(80) NOT NULL, 
	synonyms JSON NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE geocodecache (
	"query" VARCHAR(200) NOT NULL, 
	latitude FLOAT, 
	longitude FLOAT, 
	found BOOLEAN NOT NULL, 
	fetched_at DATETIME NOT NULL, 
	PRIMARY KEY ("query")
);
CREATE TABLE schema_meta (
	"key" VARCHAR(40) NOT NULL, 
	value VARCHAR(200) NOT NULL, 
	PRIMARY KEY ("key")
);
CREATE TABLE asset (
	kind VARCHAR(16) NOT NULL, 
	name VARCHAR(120) NOT NULL, 
	summary VARCHAR(200) NOT NULL, 
	description VARCHAR(5000) NOT NULL, 
	organisation VARCHAR(120) NOT NULL, 
	locality VARCHAR(60) NOT NULL, 
	address VARCHAR(200) NOT NULL, 
	postcode VARCHAR(10) NOT NULL, 
	latitude FLOAT, 
	longitude FLOAT, 
	phone VARCHAR(30) NOT NULL, 
	email VARCHAR(254) NOT NULL, 
	website VARCHAR(300) NOT NULL, 
	schedule_note VARCHAR(300) NOT NULL, 
	cost VARCHAR(12) NOT NULL, 
	cost_note VARCHAR(200) NOT NULL, 
	age_min INTEGER, 
	age_max INTEGER, 
	status VARCHAR(6) NOT NULL, 
	verified_on DATE, 
	verified_by VARCHAR(80) NOT NULL, 
	verified_how VARCHAR(18), 
	source VARCHAR(200) NOT NULL, 
	price VARCHAR(120) NOT NULL, 
	area_served VARCHAR(200) NOT NULL, 
	comes_to_home BOOLEAN, 
	registration VARCHAR(120) NOT NULL, 
	dbs_checked_on DATE, 
	insurance_expires_on DATE, 
	safeguarding_trained_on DATE, 
	skill VARCHAR(120) NOT NULL, 
	availability VARCHAR(200) NOT NULL, 
	hours FLOAT, 
	help_offered VARCHAR(500) NOT NULL, 
	drop_in_sessions VARCHAR(500) NOT NULL, 
	audience_note VARCHAR(200) NOT NULL, 
	frequency VARCHAR(120) NOT NULL, 
	id CHAR(32) NOT NULL, 
	accessibility JSON NOT NULL, 
	audience JSON NOT NULL, 
	languages JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	created_by VARCHAR(80) NOT NULL, 
	updated_at DATETIME NOT NULL, 
	updated_by VARCHAR(80) NOT NULL, 
	archived_at DATETIME, 
	version INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_asset_archived_at ON asset (archived_at);
CREATE INDEX ix_asset_status ON asset (status);
CREATE INDEX ix_asset_locality ON asset (locality);
CREATE TABLE locality (
	name VARCHAR(60) NOT NULL, 
	area_id VARCHAR(40) NOT NULL, 
	latitude FLOAT NOT NULL, 
	longitude FLOAT NOT NULL, 
	aliases JSON NOT NULL, 
	PRIMARY KEY (name), 
	FOREIGN KEY(area_id) REFERENCES area (id)
);
CREATE TABLE asset_need (
	asset_id CHAR(32) NOT NULL, 
	need_id VARCHAR(40) NOT NULL, 
	PRIMARY KEY (asset_id, need_id), 
	FOREIGN KEY(asset_id) REFERENCES asset (id) ON DELETE CASCADE, 
	FOREIGN KEY(need_id) REFERENCES need (id)
);
CREATE TABLE schedule_slot (
	day VARCHAR(3) NOT NULL, 
	start VARCHAR(5) NOT NULL, 
	"end" VARCHAR(5) NOT NULL, 
	week INTEGER, 
	id INTEGER NOT NULL, 
	asset_id CHAR(32) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(asset_id) REFERENCES asset (id) ON DELETE CASCADE
);
CREATE INDEX ix_schedule_slot_asset_id ON schedule_slot (asset_id);
INSERT INTO schema_meta (key, value) VALUES ('schema_version', '1');
