-- A directory file as the release before Alembic (schema_meta schema_version 5, commit d6c501c) made it:
-- seeded from tests/data/mini_directory.json, then entries added with a schedule and needs, edited,
-- verified, flagged, archived and two marked not duplicates (sqlite3 iterdump). Do not regenerate.
BEGIN TRANSACTION;
CREATE TABLE area (
	id VARCHAR(40) NOT NULL, 
	name VARCHAR(120) NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "area" VALUES('asop','Aveley, South Ockendon and Purfleet');
INSERT INTO "area" VALUES('grays','Grays');
INSERT INTO "area" VALUES('tilbury-chadwell','Tilbury and Chadwell');
INSERT INTO "area" VALUES('stanford-corringham','Stanford-le-Hope and Corringham');
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
	how_to_join VARCHAR(200) NOT NULL, 
	getting_there VARCHAR(300) NOT NULL, 
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
	flagged_at DATETIME, 
	flagged_by VARCHAR(80) NOT NULL, 
	flag_reason VARCHAR(300) NOT NULL, 
	merged_into CHAR(32), 
	delivery JSON NOT NULL, 
	inferred_needs JSON NOT NULL, 
	feed_extra JSON NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "asset" VALUES('GROUP','Tilbury Lunch Club','Hot two-course lunch and company every Wednesday','','','Tilbury','','RM18 7NR',51.4625,0.3605,'','','','','','','LOW_COST','£4',NULL,NULL,'ACTIVE','2026-10-01','Sam K','VISITED','','','',NULL,'',NULL,NULL,NULL,'','',NULL,'','','Older people','Weekly','11111111111141118111111111111111','["step_free"]','[]','[]','2026-12-02 03:52:41.571475','asset-map','2026-12-02 03:52:41.571475','asset-map',NULL,1,NULL,'','',NULL,'["in_person"]','[]','{}');
INSERT INTO "asset" VALUES('GROUP','Grays Dementia Café','A friendly café for people living with dementia and their carers','','','Grays','','RM17 5AA',NULL,NULL,'','','','','','','FREE','',NULL,NULL,'ACTIVE','2026-09-01','Priya D','PHONED','','','',NULL,'',NULL,NULL,NULL,'','',NULL,'','','','','22222222222242228222222222222222','[]','[]','[]','2026-12-02 03:52:41.571475','asset-map','2026-12-02 03:52:41.571475','asset-map',NULL,1,NULL,'','',NULL,'["in_person"]','[]','{}');
INSERT INTO "asset" VALUES('MICRO_ENTERPRISE','Happy Feet','Mobile foot care in your home','','','Chadwell St Mary','','RM16 4AB',NULL,NULL,'','','','','','','PAID','',NULL,NULL,'ACTIVE','2023-01-01','Jo','PHONED','','£25 per visit','',1,'',NULL,'2026-12-01',NULL,'','',NULL,'','','','','33333333333343338333333333333333','[]','[]','[]','2026-12-02 03:52:41.571475','asset-map','2026-12-02 03:52:41.571475','asset-map',NULL,1,NULL,'','',NULL,'["home"]','[]','{}');
INSERT INTO "asset" VALUES('GROUP','Riverside Lunch Club','Hot lunch and company','','','Tilbury','','RM18 7NR',NULL,NULL,'01375 123456','','','','','','FREE','£2',NULL,NULL,'ACTIVE',NULL,'',NULL,'','','',NULL,'',NULL,NULL,NULL,'','',NULL,'','','','','b3ba9a67386b4e68b3ade3dabf99eb08','[]','[]','["English", "Polish"]','2026-12-02 03:52:41.591155','Sam','2026-12-02 03:52:41.647617','Sam',NULL,3,NULL,'','',NULL,'["in_person"]','[]','{}');
INSERT INTO "asset" VALUES('GROUP','Riverside Lunch Club.','','','','Tilbury','','',NULL,NULL,'','','','','','','FREE','',NULL,NULL,'ACTIVE',NULL,'',NULL,'','','',NULL,'',NULL,NULL,NULL,'','',NULL,'','','','','e9a64ddf3f404624bda0aa2c0745b90e','[]','[]','[]','2026-12-02 03:52:41.606737','Alex','2026-12-02 03:52:41.655581','Sam','2026-12-02 03:52:41.652784',3,NULL,'','',NULL,'["in_person"]','[]','{}');
INSERT INTO "asset" VALUES('GROUP','Grays Walking Group','Walks on Sundays','','','Grays','','',NULL,NULL,'','','','','','','FREE','',NULL,NULL,'ACTIVE','2026-12-02','Sam','VISITED','','','',NULL,'',NULL,NULL,NULL,'','',NULL,'','','','','3553ae981dc54decaefb24bea68c9d18','[]','[]','[]','2026-12-02 03:52:41.612939','Sam','2026-12-02 03:52:41.640249','Alex',NULL,3,'2026-12-02 03:52:41.637169','Alex','Moved?',NULL,'["in_person"]','[]','{}');
CREATE TABLE asset_change (
	id INTEGER NOT NULL, 
	asset_id CHAR(32) NOT NULL, 
	version INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	"by" VARCHAR(80) NOT NULL, 
	action VARCHAR(40) NOT NULL, 
	changes JSON NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "asset_change" VALUES(1,'11111111111141118111111111111111',1,'2026-12-02 03:52:41.574890','asset-map','added from the sample data','{}');
INSERT INTO "asset_change" VALUES(2,'22222222222242228222222222222222',1,'2026-12-02 03:52:41.574890','asset-map','added from the sample data','{}');
INSERT INTO "asset_change" VALUES(3,'33333333333343338333333333333333',1,'2026-12-02 03:52:41.574890','asset-map','added from the sample data','{}');
INSERT INTO "asset_change" VALUES(4,'b3ba9a67386b4e68b3ade3dabf99eb08',1,'2026-12-02 03:52:41.594373','Sam','added','{}');
INSERT INTO "asset_change" VALUES(5,'e9a64ddf3f404624bda0aa2c0745b90e',1,'2026-12-02 03:52:41.608613','Alex','added','{}');
INSERT INTO "asset_change" VALUES(6,'3553ae981dc54decaefb24bea68c9d18',1,'2026-12-02 03:52:41.614712','Sam','added','{}');
INSERT INTO "asset_change" VALUES(7,'b3ba9a67386b4e68b3ade3dabf99eb08',2,'2026-12-02 03:52:41.626485','Alex','edited','{"cost_note": ["", "\u00a32"], "schedule": [[{"day": "tue", "start": "12:00", "end": "14:00", "week": null}, {"day": "fri", "start": "10:00", "end": "12:00", "week": 1}], [{"day": "tue", "start": "12:00", "end": "14:30", "week": null}]]}');
INSERT INTO "asset_change" VALUES(8,'3553ae981dc54decaefb24bea68c9d18',2,'2026-12-02 03:52:41.633844','Sam','verified','{"verified_on": [null, "2026-12-02"], "verified_by": ["", "Sam"], "verified_how": [null, "visited"]}');
INSERT INTO "asset_change" VALUES(9,'3553ae981dc54decaefb24bea68c9d18',3,'2026-12-02 03:52:41.640435','Alex','flagged','{"flagged_at": [null, "2026-12-02T03:52:41.637169+00:00"], "flagged_by": ["", "Alex"], "flag_reason": ["", "Moved?"]}');
INSERT INTO "asset_change" VALUES(10,'b3ba9a67386b4e68b3ade3dabf99eb08',3,'2026-12-02 03:52:41.647758','Sam','not the same as “Riverside Lunch Club.”','{}');
INSERT INTO "asset_change" VALUES(11,'e9a64ddf3f404624bda0aa2c0745b90e',2,'2026-12-02 03:52:41.647916','Sam','not the same as “Riverside Lunch Club”','{}');
INSERT INTO "asset_change" VALUES(12,'e9a64ddf3f404624bda0aa2c0745b90e',3,'2026-12-02 03:52:41.655810','Sam','archived','{"archived_at": [null, "2026-12-02T03:52:41.652784+00:00"]}');
CREATE TABLE asset_need (
	asset_id CHAR(32) NOT NULL, 
	need_id VARCHAR(40) NOT NULL, 
	PRIMARY KEY (asset_id, need_id), 
	FOREIGN KEY(asset_id) REFERENCES asset (id) ON DELETE CASCADE, 
	FOREIGN KEY(need_id) REFERENCES need (id)
);
INSERT INTO "asset_need" VALUES('11111111111141118111111111111111','food');
INSERT INTO "asset_need" VALUES('11111111111141118111111111111111','company');
INSERT INTO "asset_need" VALUES('22222222222242228222222222222222','dementia');
INSERT INTO "asset_need" VALUES('22222222222242228222222222222222','caring');
INSERT INTO "asset_need" VALUES('22222222222242228222222222222222','company');
INSERT INTO "asset_need" VALUES('33333333333343338333333333333333','self-care');
INSERT INTO "asset_need" VALUES('b3ba9a67386b4e68b3ade3dabf99eb08','company');
INSERT INTO "asset_need" VALUES('b3ba9a67386b4e68b3ade3dabf99eb08','food');
CREATE TABLE asset_source (
	id INTEGER NOT NULL, 
	asset_id CHAR(32) NOT NULL, 
	feed VARCHAR(200) NOT NULL, 
	source_id VARCHAR(200) NOT NULL, 
	terms JSON NOT NULL, 
	first_seen_at DATETIME NOT NULL, 
	last_seen_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_asset_source_feed_id UNIQUE (feed, source_id), 
	FOREIGN KEY(asset_id) REFERENCES asset (id) ON DELETE CASCADE
);
CREATE TABLE geocodecache (
	"query" VARCHAR(200) NOT NULL, 
	latitude FLOAT, 
	longitude FLOAT, 
	found BOOLEAN NOT NULL, 
	fetched_at DATETIME NOT NULL, 
	PRIMARY KEY ("query")
);
CREATE TABLE locality (
	name VARCHAR(60) NOT NULL, 
	area_id VARCHAR(40) NOT NULL, 
	latitude FLOAT NOT NULL, 
	longitude FLOAT NOT NULL, 
	aliases JSON NOT NULL, 
	PRIMARY KEY (name), 
	FOREIGN KEY(area_id) REFERENCES area (id)
);
INSERT INTO "locality" VALUES('Grays','grays',51.477,0.324,'["Grays Thurrock", "Grays town centre"]');
INSERT INTO "locality" VALUES('Little Thurrock','grays',51.484,0.342,'["L Thurrock", "Lt Thurrock"]');
INSERT INTO "locality" VALUES('Stifford Clays','grays',51.493,0.332,'["Stifford", "Stifford Clay"]');
INSERT INTO "locality" VALUES('North Stifford','grays',51.496,0.306,'["N Stifford"]');
INSERT INTO "locality" VALUES('Chafford Hundred','grays',51.487,0.29,'["Chafford", "Chafford Hndrd"]');
INSERT INTO "locality" VALUES('West Thurrock','grays',51.477,0.276,'["W Thurrock", "Lakeside"]');
INSERT INTO "locality" VALUES('South Stifford','grays',51.475,0.296,'["S Stifford"]');
INSERT INTO "locality" VALUES('Tilbury','tilbury-chadwell',51.462,0.36,'["Tilbury Town", "Tilbury Docks"]');
INSERT INTO "locality" VALUES('Chadwell St Mary','tilbury-chadwell',51.483,0.366,'["Chadwell", "Chadwell St. Mary", "Chadwell Saint Mary"]');
INSERT INTO "locality" VALUES('West Tilbury','tilbury-chadwell',51.48,0.395,'["W Tilbury"]');
INSERT INTO "locality" VALUES('Orsett','tilbury-chadwell',51.512,0.372,'["Baker Street", "Orsett Heath"]');
INSERT INTO "locality" VALUES('South Ockendon','asop',51.507,0.287,'["S Ockendon", "Sth Ockendon", "Ockendon", "South Ockenden"]');
INSERT INTO "locality" VALUES('Aveley','asop',51.499,0.253,'["Avely"]');
INSERT INTO "locality" VALUES('Belhus','asop',51.502,0.27,'["Belhus Park"]');
INSERT INTO "locality" VALUES('Purfleet-on-Thames','asop',51.481,0.238,'["Purfleet", "Purfleet on Thames"]');
INSERT INTO "locality" VALUES('East Tilbury','stanford-corringham',51.484,0.429,'["E Tilbury"]');
INSERT INTO "locality" VALUES('Linford','stanford-corringham',51.491,0.412,'[]');
INSERT INTO "locality" VALUES('Stanford-le-Hope','stanford-corringham',51.52,0.431,'["Stanford le Hope", "Stanford", "SLH", "Stanford-le-hope"]');
INSERT INTO "locality" VALUES('Corringham','stanford-corringham',51.523,0.46,'["Coringham"]');
INSERT INTO "locality" VALUES('Fobbing','stanford-corringham',51.531,0.474,'[]');
INSERT INTO "locality" VALUES('Horndon-on-the-Hill','stanford-corringham',51.523,0.404,'["Horndon", "Horndon on the Hill"]');
INSERT INTO "locality" VALUES('Bulphan','stanford-corringham',51.544,0.358,'[]');
CREATE TABLE named_place (
	id VARCHAR(80) NOT NULL, 
	"key" VARCHAR(120) NOT NULL, 
	name VARCHAR(120) NOT NULL, 
	alias BOOLEAN NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	district VARCHAR(120) NOT NULL, 
	county VARCHAR(120) NOT NULL, 
	latitude FLOAT NOT NULL, 
	longitude FLOAT NOT NULL, 
	source_id INTEGER, 
	PRIMARY KEY (id)
);
CREATE TABLE need (
	id VARCHAR(40) NOT NULL, 
	label VARCHAR(80) NOT NULL, 
	synonyms JSON NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "need" VALUES('company','Company and friendship','["lonely", "loneliness", "alone", "isolated", "isolation", "friends", "friendship", "friend", "someone to talk to", "chat", "social", "socialising", "befriending", "befriender", "coffee morning", "natter", "meet people", "company"]');
INSERT INTO "need" VALUES('getting-out','Getting out and about','["lifts", "lift", "transport", "travel", "driving", "driver", "outings", "trips", "day trips", "community transport", "taxi", "bus", "mobility", "escort", "accompany", "getting out"]');
INSERT INTO "need" VALUES('active','Staying active','["exercise", "walking", "walk", "walks", "fitness", "sport", "dance", "dancing", "yoga", "tai chi", "swimming", "gym", "keep fit", "chair exercise", "bowls", "active"]');
INSERT INTO "need" VALUES('food','Food and meals','["lunch", "lunch club", "luncheon club", "meals", "meal", "dinner", "cooking", "food bank", "hot meal", "hungry", "eat", "food"]');
INSERT INTO "need" VALUES('help-at-home','Help at home','["cleaning", "cleaner", "gardening", "gardener", "handyperson", "handyman", "odd jobs", "diy", "shopping", "home care", "housework", "decorating", "ironing", "home help"]');
INSERT INTO "need" VALUES('self-care','Looking after yourself','["foot care", "chiropody", "chiropodist", "podiatry", "toenails", "nails", "hairdressing", "hairdresser", "personal care", "bathing", "health", "healthy"]');
INSERT INTO "need" VALUES('caring','Caring for someone','["carer", "carers", "caring", "respite", "sitting service", "looking after", "cared for"]');
INSERT INTO "need" VALUES('dementia','Memory and dementia','["memory", "dementia", "alzheimers", "alzheimer", "forgetful", "forgetting", "memory cafe", "dementia cafe", "confusion"]');
INSERT INTO "need" VALUES('money','Money and benefits','["benefits", "debt", "bills", "budgeting", "money advice", "money", "pension", "universal credit", "energy bills", "grants"]');
INSERT INTO "need" VALUES('housing','Housing','["housing", "rent", "homeless", "homelessness", "tenancy", "landlord", "repairs", "moving home", "damp"]');
INSERT INTO "need" VALUES('learning','Learning and digital skills','["computer", "computers", "it help", "internet", "digital", "tablet", "smartphone", "phone help", "english", "esol", "classes", "class", "course", "reading", "learning", "library"]');
INSERT INTO "need" VALUES('work','Work and volunteering','["job", "jobs", "employment", "volunteer", "volunteering", "cv", "training", "work", "skills"]');
INSERT INTO "need" VALUES('arts','Arts and creativity','["art", "arts", "craft", "crafts", "knitting", "knit", "choir", "singing", "sing", "music", "painting", "sewing", "drama", "writing", "creative", "pottery"]');
INSERT INTO "need" VALUES('wellbeing','Mental wellbeing','["anxiety", "anxious", "depression", "depressed", "low mood", "stress", "mental health", "talking", "bereavement", "grief", "support group", "someone to talk to", "wellbeing", "listening"]');
INSERT INTO "need" VALUES('pets','Pets','["dog walking", "dog walker", "pet sitting", "pet care", "cat", "cats", "dog", "dogs", "animals", "pet", "pets"]');
INSERT INTO "need" VALUES('families','Families and children','["children", "child", "kids", "parents", "parenting", "toddlers", "toddler", "baby", "babies", "family", "families", "young people", "youth", "stay and play"]');
CREATE TABLE not_duplicates (
	id INTEGER NOT NULL, 
	first_id CHAR(32) NOT NULL, 
	second_id CHAR(32) NOT NULL, 
	first_name VARCHAR(200) NOT NULL, 
	second_name VARCHAR(200) NOT NULL, 
	decided_by VARCHAR(80) NOT NULL, 
	decided_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_not_duplicates_pair UNIQUE (first_id, second_id), 
	FOREIGN KEY(first_id) REFERENCES asset (id) ON DELETE CASCADE, 
	FOREIGN KEY(second_id) REFERENCES asset (id) ON DELETE CASCADE
);
INSERT INTO "not_duplicates" VALUES(1,'b3ba9a67386b4e68b3ade3dabf99eb08','e9a64ddf3f404624bda0aa2c0745b90e','Riverside Lunch Club','Riverside Lunch Club.','Sam','2026-12-02 03:52:41.647520');
CREATE TABLE place_source (
	id INTEGER NOT NULL, 
	name VARCHAR(260) NOT NULL, 
	kind VARCHAR(40) NOT NULL, 
	fingerprint VARCHAR(64) NOT NULL, 
	size INTEGER NOT NULL, 
	loaded_at DATETIME NOT NULL, 
	rows INTEGER NOT NULL, 
	postcodes INTEGER NOT NULL, 
	places INTEGER NOT NULL, 
	terminated INTEGER NOT NULL, 
	no_grid INTEGER NOT NULL, 
	bad INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (fingerprint)
);
CREATE TABLE postcode_point (
	code VARCHAR(8) NOT NULL, 
	latitude FLOAT NOT NULL, 
	longitude FLOAT NOT NULL, 
	source_id INTEGER, 
	PRIMARY KEY (code)
)
 WITHOUT ROWID

;
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
INSERT INTO "postcodearea" VALUES('RM15','district','South Ockendon and Aveley',NULL,1,51.505,0.274);
INSERT INTO "postcodearea" VALUES('RM16','district','Grays north, Chafford Hundred, Chadwell St Mary, Orsett',NULL,1,51.494,0.33);
INSERT INTO "postcodearea" VALUES('RM17','district','Grays',NULL,1,51.478,0.326);
INSERT INTO "postcodearea" VALUES('RM18','district','Tilbury and East Tilbury',NULL,1,51.471,0.387);
INSERT INTO "postcodearea" VALUES('RM19','district','Purfleet-on-Thames',NULL,1,51.482,0.238);
INSERT INTO "postcodearea" VALUES('RM20','district','West Thurrock and South Stifford',NULL,1,51.479,0.283);
INSERT INTO "postcodearea" VALUES('SS17','district','Stanford-le-Hope, Corringham, Horndon, Fobbing',NULL,1,51.521,0.44);
INSERT INTO "postcodearea" VALUES('RM14','district','Upminster and Bulphan (edge)',NULL,0,51.552,0.28);
INSERT INTO "postcodearea" VALUES('RM13','district','Rainham (neighbour)',NULL,0,51.52,0.19);
INSERT INTO "postcodearea" VALUES('SS16','district','Langdon Hills and Basildon (neighbour)',NULL,0,51.56,0.43);
INSERT INTO "postcodearea" VALUES('SS7','district','Benfleet (neighbour)',NULL,0,51.555,0.56);
INSERT INTO "postcodearea" VALUES('CM13','district','Brentwood south (neighbour)',NULL,0,51.6,0.34);
INSERT INTO "postcodearea" VALUES('DA1','district','Dartford (across the river)',NULL,0,51.446,0.215);
INSERT INTO "postcodearea" VALUES('DA11','district','Gravesend (across the river)',NULL,0,51.44,0.35);
INSERT INTO "postcodearea" VALUES('RM15 4','sector','','Aveley',1,51.5,0.255);
INSERT INTO "postcodearea" VALUES('RM15 5','sector','','South Ockendon',1,51.512,0.287);
INSERT INTO "postcodearea" VALUES('RM15 6','sector','','Belhus',1,51.503,0.278);
INSERT INTO "postcodearea" VALUES('RM16 2','sector','','Stifford Clays',1,51.492,0.33);
INSERT INTO "postcodearea" VALUES('RM16 3','sector','','Orsett',1,51.51,0.37);
INSERT INTO "postcodearea" VALUES('RM16 4','sector','','Chadwell St Mary',1,51.484,0.367);
INSERT INTO "postcodearea" VALUES('RM16 5','sector','','North Stifford',1,51.496,0.305);
INSERT INTO "postcodearea" VALUES('RM16 6','sector','','Chafford Hundred',1,51.487,0.292);
INSERT INTO "postcodearea" VALUES('RM17 5','sector','','Grays',1,51.477,0.318);
INSERT INTO "postcodearea" VALUES('RM17 6','sector','','Little Thurrock',1,51.479,0.335);
INSERT INTO "postcodearea" VALUES('RM18 7','sector','','Tilbury',1,51.463,0.36);
INSERT INTO "postcodearea" VALUES('RM18 8','sector','','East Tilbury',1,51.48,0.415);
INSERT INTO "postcodearea" VALUES('RM19 1','sector','','Purfleet-on-Thames',1,51.482,0.238);
INSERT INTO "postcodearea" VALUES('RM20 1','sector','','South Stifford',1,51.474,0.298);
INSERT INTO "postcodearea" VALUES('RM20 3','sector','','West Thurrock',1,51.478,0.275);
INSERT INTO "postcodearea" VALUES('RM20 4','sector','','West Thurrock',1,51.485,0.278);
INSERT INTO "postcodearea" VALUES('SS17 0','sector','','Stanford-le-Hope',1,51.521,0.415);
INSERT INTO "postcodearea" VALUES('SS17 7','sector','','Corringham',1,51.522,0.447);
INSERT INTO "postcodearea" VALUES('SS17 8','sector','','Stanford-le-Hope',1,51.513,0.432);
INSERT INTO "postcodearea" VALUES('SS17 9','sector','','Corringham',1,51.527,0.467);
INSERT INTO "postcodearea" VALUES('RM14 3','sector','','Bulphan',1,51.545,0.36);
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
INSERT INTO "schedule_slot" VALUES('WED','12:00','14:00',NULL,1,'11111111111141118111111111111111');
INSERT INTO "schedule_slot" VALUES('TUE','10:00','12:00',1,2,'22222222222242228222222222222222');
INSERT INTO "schedule_slot" VALUES('TUE','12:00','14:30',NULL,5,'b3ba9a67386b4e68b3ade3dabf99eb08');
CREATE TABLE schema_meta (
	"key" VARCHAR(40) NOT NULL, 
	value VARCHAR(200) NOT NULL, 
	PRIMARY KEY ("key")
);
INSERT INTO "schema_meta" VALUES('schema_version','5');
INSERT INTO "schema_meta" VALUES('reference_fingerprint','d1a7e68ce8639ffa');
INSERT INTO "schema_meta" VALUES('generation','7b446032ec7a4222a25896a0f277d459');
INSERT INTO "schema_meta" VALUES('seeded_at','2026-12-02T03:52:41');
CREATE INDEX ix_asset_archived_at ON asset (archived_at);
CREATE INDEX ix_asset_locality ON asset (locality);
CREATE INDEX ix_asset_status ON asset (status);
CREATE INDEX ix_named_place_key ON named_place ("key");
CREATE INDEX ix_asset_change_asset_id ON asset_change (asset_id);
CREATE INDEX ix_schedule_slot_asset_id ON schedule_slot (asset_id);
CREATE INDEX ix_not_duplicates_first_id ON not_duplicates (first_id);
CREATE INDEX ix_not_duplicates_second_id ON not_duplicates (second_id);
CREATE INDEX ix_asset_source_asset_id ON asset_source (asset_id);
CREATE INDEX ix_asset_source_feed ON asset_source (feed);
COMMIT;
