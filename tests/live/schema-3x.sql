-- stagegate test fixture: the ToolJet tables stagegate reads, 3.x layout
-- (3.0 up to early 2026: folder_crud, options in data_source_options).
-- Written for stagegate's tests from the notes in tooljet-live-state.md; only the
-- tables and columns the importer touches, with ToolJet's names and types.
-- Self-contained: run on an empty database (schema public).

SET client_min_messages = warning;

CREATE TYPE status AS ENUM ('invited', 'verified', 'active', 'archived');
CREATE TYPE user_type AS ENUM ('instance', 'workspace');
CREATE TYPE workspace_status AS ENUM ('active', 'archived');
CREATE TYPE "type" AS ENUM ('static', 'default', 'sample');
CREATE TYPE "scope" AS ENUM ('local', 'global');
CREATE TYPE app_type AS ENUM ('front-end', 'workflow', 'module');
CREATE TYPE "OrganizationConstantType" AS ENUM ('Global', 'Secret');
CREATE TYPE group_permissions_type AS ENUM ('default', 'custom');
CREATE TYPE granular_permissions_type AS ENUM ('app', 'data_source', 'workflow');
CREATE TYPE version_status_enum AS ENUM ('DRAFT', 'PUBLISHED');
CREATE TYPE app_version_type AS ENUM ('version', 'branch');

-- Workspace and environments

CREATE TABLE organizations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name varchar NOT NULL UNIQUE,
    slug varchar UNIQUE,
    status workspace_status NOT NULL DEFAULT 'active',
    is_default boolean NOT NULL DEFAULT false,
    created_at timestamp DEFAULT now()
);

CREATE TABLE app_environments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    name varchar NOT NULL,
    "default" boolean NOT NULL DEFAULT false,
    priority integer NOT NULL,
    enabled boolean NOT NULL DEFAULT true,
    UNIQUE (name, organization_id),
    UNIQUE (organization_id, priority)
);

-- Users and roles

CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email varchar NOT NULL UNIQUE,
    first_name varchar,
    last_name varchar,
    status status NOT NULL DEFAULT 'invited',
    organization_id uuid,
    user_type user_type NOT NULL DEFAULT 'workspace',
    role varchar
);

CREATE TABLE organization_users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    user_id uuid NOT NULL,
    status varchar NOT NULL DEFAULT 'invited',  -- invited | active | archived
    role varchar NOT NULL                       -- legacy; the role is the default group
);

CREATE TABLE permission_groups (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    name varchar NOT NULL,
    type group_permissions_type NOT NULL,
    app_create boolean NOT NULL DEFAULT false,
    app_delete boolean NOT NULL DEFAULT false,
    workflow_create boolean NOT NULL DEFAULT false,
    workflow_delete boolean NOT NULL DEFAULT false,
    org_constant_crud boolean NOT NULL DEFAULT false,
    data_source_create boolean NOT NULL DEFAULT false,
    data_source_delete boolean NOT NULL DEFAULT false,
    app_promote boolean NOT NULL DEFAULT false,
    app_release boolean NOT NULL DEFAULT false,
    folder_crud boolean NOT NULL DEFAULT false
);

CREATE TABLE group_users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    group_id uuid NOT NULL REFERENCES permission_groups (id),
    user_id uuid NOT NULL REFERENCES users (id)
);

-- Deprecated pre-3.0 table: still present on 3.x databases, must NOT be read.
CREATE TABLE group_permissions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    "group" varchar NOT NULL,
    app_create boolean NOT NULL DEFAULT false,
    app_delete boolean NOT NULL DEFAULT false,
    folder_create boolean NOT NULL DEFAULT false,
    created_at timestamp NOT NULL DEFAULT now()
);

-- Granular grants

CREATE TABLE granular_permissions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    group_id uuid NOT NULL,
    name varchar NOT NULL,
    type granular_permissions_type NOT NULL,
    is_all boolean NOT NULL DEFAULT false
);

CREATE TABLE apps_group_permissions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    granular_permission_id uuid NOT NULL UNIQUE,
    app_type app_type NOT NULL DEFAULT 'front-end',
    can_edit boolean NOT NULL DEFAULT false,
    can_view boolean NOT NULL DEFAULT false,
    hide_from_dashboard boolean NOT NULL DEFAULT false,
    can_access_development boolean NOT NULL DEFAULT true,
    can_access_staging boolean NOT NULL DEFAULT true,
    can_access_production boolean NOT NULL DEFAULT true,
    can_access_released boolean NOT NULL DEFAULT true
);

CREATE TABLE group_apps (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    apps_group_permissions_id uuid NOT NULL,
    app_id uuid NOT NULL,
    UNIQUE (app_id, apps_group_permissions_id)
);

CREATE TABLE data_sources_group_permissions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    granular_permission_id uuid NOT NULL,
    can_use boolean NOT NULL DEFAULT false,
    can_configure boolean NOT NULL DEFAULT false
);

CREATE TABLE group_data_sources (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    data_sources_group_permissions_id uuid NOT NULL,
    data_source_id uuid NOT NULL
);

-- Apps and versions

CREATE TABLE apps (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    name varchar NOT NULL,
    slug varchar,
    type varchar NOT NULL DEFAULT 'front-end',  -- front-end | workflow | module
    current_version_id uuid,                    -- the released version
    user_id uuid,                               -- creator / owner
    is_public boolean NOT NULL DEFAULT false
);

-- Folders group the dashboard's apps (3.x: no permission of their own; the
-- 2026 layout adds folder permissions, schema-2026.sql).
CREATE TABLE folders (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name varchar NOT NULL,
    organization_id uuid NOT NULL,
    type varchar NOT NULL DEFAULT 'front-end',  -- front-end | workflow | module
    created_at timestamp NOT NULL DEFAULT now(),
    updated_at timestamp NOT NULL DEFAULT now(),
    CONSTRAINT folder_name_organization_id_unique UNIQUE (name, organization_id)
);

CREATE TABLE folder_apps (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    folder_id uuid NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
    app_id uuid NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    created_at timestamp NOT NULL DEFAULT now(),
    updated_at timestamp NOT NULL DEFAULT now()
);

CREATE TABLE app_versions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    app_id uuid NOT NULL,
    name varchar NOT NULL,
    current_environment_id uuid,
    promoted_from uuid,
    status version_status_enum,
    version_type app_version_type NOT NULL DEFAULT 'version',
    created_at timestamp NOT NULL DEFAULT now()
);

-- Data sources

CREATE TABLE data_sources (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid,
    name varchar NOT NULL,
    kind varchar NOT NULL,
    type "type" NOT NULL DEFAULT 'default',
    scope "scope" NOT NULL DEFAULT 'local',
    app_version_id uuid,
    co_relation_id uuid
);

CREATE TABLE data_source_options (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    data_source_id uuid NOT NULL,
    environment_id uuid NOT NULL,
    options json,
    UNIQUE (data_source_id, environment_id)
);

CREATE TABLE credentials (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    value_ciphertext varchar NOT NULL
);

-- Constants

CREATE TABLE organization_constants (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    constant_name varchar NOT NULL,
    type "OrganizationConstantType" NOT NULL DEFAULT 'Global',
    UNIQUE (constant_name, organization_id, type)
);

CREATE TABLE org_environment_constant_values (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_constant_id uuid NOT NULL,
    environment_id uuid NOT NULL,
    value varchar,  -- ciphertext; '' in clear for an environment without a value
    UNIQUE (organization_constant_id, environment_id)
);

-- App usage

CREATE TABLE data_queries (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    app_version_id uuid NOT NULL,
    data_source_id uuid,
    name varchar NOT NULL,
    options json
);
