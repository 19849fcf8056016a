-- stagegate test fixture: the 2026 layout (March 2026 on), written as what
-- ToolJet's migrations changed after the 3.x layout: load schema-3x.sql
-- first, then this file (load-fixture does).
--   - folder_create / folder_delete (and the folder data source pair)
--     replace folder_crud; granular permissions gain the type folder;
--   - apps.name may be NULL: front-end apps and modules keep their name in
--     app_versions.app_name, and their public flag in app_versions.is_public;
--   - data_sources.is_dummy;
--   - data source options move to data_source_versions /
--     data_source_version_options (data_source_options is kept, copied
--     from, and no longer the workspace configuration);
--   - branch-aware constants (git sync);
--   - folder permissions (AddFolderPermissionSystem, 1766500000000):
--     folders_group_permissions + group_folders, folders.created_by.

ALTER TYPE granular_permissions_type ADD VALUE 'folder';

-- Folder permissions, as ToolJet's migration creates them: a granular
-- permission of type folder, its flags, and the folders it names (none when
-- is_all: every folder).
ALTER TABLE folders ADD COLUMN created_by uuid REFERENCES users (id) ON DELETE SET NULL;

CREATE TABLE folders_group_permissions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    granular_permission_id uuid UNIQUE NOT NULL,
    can_edit_folder boolean DEFAULT false,
    can_edit_apps boolean DEFAULT false,
    can_view_apps boolean DEFAULT false,
    created_at timestamp DEFAULT CURRENT_TIMESTAMP,
    updated_at timestamp DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT fk_folders_granular_permission_id
        FOREIGN KEY (granular_permission_id) REFERENCES granular_permissions (id)
        ON DELETE CASCADE
);

CREATE TABLE group_folders (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    folder_id uuid,
    folders_group_permissions_id uuid,
    created_at timestamp DEFAULT CURRENT_TIMESTAMP,
    updated_at timestamp DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT fk_group_folders_folder_id
        FOREIGN KEY (folder_id) REFERENCES folders (id) ON DELETE CASCADE,
    CONSTRAINT fk_group_folders_permissions_id
        FOREIGN KEY (folders_group_permissions_id) REFERENCES folders_group_permissions (id)
        ON DELETE CASCADE,
    CONSTRAINT unique_folder_and_permission UNIQUE (folder_id, folders_group_permissions_id)
);

ALTER TABLE permission_groups
    DROP COLUMN folder_crud,
    ADD COLUMN folder_create boolean NOT NULL DEFAULT false,
    ADD COLUMN folder_delete boolean NOT NULL DEFAULT false,
    ADD COLUMN folder_data_source_create boolean NOT NULL DEFAULT false,
    ADD COLUMN folder_data_source_delete boolean NOT NULL DEFAULT false;

-- NULL for front-end apps and modules: see app_versions.app_name.
ALTER TABLE apps ALTER COLUMN name DROP NOT NULL;
ALTER TABLE app_versions ADD COLUMN app_name varchar;
-- A front-end app's public flag moved with its name: every version row holds
-- it (ToolJet keeps them equal; NULL is private); apps.is_public is no longer
-- written for these apps.
ALTER TABLE app_versions ADD COLUMN is_public boolean DEFAULT true;
ALTER TABLE data_sources ADD COLUMN is_dummy boolean NOT NULL DEFAULT false;

-- The workspace configuration is the row with is_default AND branch_id IS NULL;
-- rows with app_version_id set are frozen per-version snapshots.
CREATE TABLE data_source_versions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    data_source_id uuid NOT NULL,
    name varchar,
    is_default boolean NOT NULL DEFAULT false,
    is_active boolean NOT NULL DEFAULT true,
    branch_id uuid,
    app_version_id uuid,
    version_from_id uuid
);

CREATE TABLE data_source_version_options (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    data_source_version_id uuid NOT NULL,
    environment_id uuid NOT NULL,
    options jsonb
);

-- Branch-aware constants (git sync); empty in the fixture unless a test fills them.

CREATE TABLE organization_git_sync_branches (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid,
    branch_name varchar,
    is_default boolean
);

CREATE TABLE organization_constant_versions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_constant_id uuid,
    branch_id uuid,
    is_active boolean
);

CREATE TABLE organization_constant_version_values (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    constant_version_id uuid,
    environment_id uuid,
    value varchar
);
