CREATE TABLE "area_nodes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_area_nodes" PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Level" INTEGER NOT NULL,
    "ParentId" INTEGER NULL,
    "Path" TEXT NOT NULL,
    "Depth" INTEGER NOT NULL,
    "IsOfficial" INTEGER NOT NULL,
    "Floors" INTEGER NULL,
    "RoomsPerFloor" INTEGER NULL,
    "Note" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "RetiredAt" INTEGER NULL,
    CONSTRAINT "FK_area_nodes_area_nodes_ParentId" FOREIGN KEY ("ParentId") REFERENCES "area_nodes" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "AspNetRoles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
    "Name" TEXT NULL,
    "NormalizedName" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL
);


CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "DisplayName" TEXT NOT NULL,
    "Culture" TEXT NOT NULL,
    "DepartmentId" INTEGER NULL,
    "ResidentId" INTEGER NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" INTEGER NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL
);


CREATE TABLE "audit_entries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_audit_entries" PRIMARY KEY AUTOINCREMENT,
    "At" INTEGER NOT NULL,
    "UserId" TEXT NULL,
    "UserName" TEXT NULL,
    "Action" TEXT NOT NULL,
    "EntityType" TEXT NOT NULL,
    "EntityId" TEXT NULL,
    "Detail" TEXT NULL,
    "IpAddress" TEXT NULL
);


CREATE TABLE "data_protection_keys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_data_protection_keys" PRIMARY KEY AUTOINCREMENT,
    "FriendlyName" TEXT NULL,
    "Xml" TEXT NOT NULL
);


CREATE TABLE "departments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_departments" PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "AreaNodeId" INTEGER NULL,
    "RetiredAt" INTEGER NULL,
    CONSTRAINT "FK_departments_area_nodes_AreaNodeId" FOREIGN KEY ("AreaNodeId") REFERENCES "area_nodes" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "households" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_households" PRIMARY KEY AUTOINCREMENT,
    "AreaNodeId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "Floor" INTEGER NULL,
    "Room" TEXT NULL,
    "Address" TEXT NOT NULL,
    "Note" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "RetiredAt" INTEGER NULL,
    CONSTRAINT "FK_households_area_nodes_AreaNodeId" FOREIGN KEY ("AreaNodeId") REFERENCES "area_nodes" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "party_organizations" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_party_organizations" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Level" INTEGER NOT NULL,
    "ParentId" INTEGER NULL,
    "AreaNodeId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "Secretary" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "RetiredAt" INTEGER NULL,
    CONSTRAINT "FK_party_organizations_area_nodes_AreaNodeId" FOREIGN KEY ("AreaNodeId") REFERENCES "area_nodes" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_party_organizations_party_organizations_ParentId" FOREIGN KEY ("ParentId") REFERENCES "party_organizations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "AspNetRoleClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
    "RoleId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserRoles" (
    "UserId" TEXT NOT NULL,
    "RoleId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
    CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "user_area_assignments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_user_area_assignments" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "AreaNodeId" INTEGER NOT NULL,
    "AssignedAt" INTEGER NOT NULL,
    "AssignedBy" TEXT NULL,
    CONSTRAINT "FK_user_area_assignments_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_user_area_assignments_area_nodes_AreaNodeId" FOREIGN KEY ("AreaNodeId") REFERENCES "area_nodes" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "residents" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_residents" PRIMARY KEY AUTOINCREMENT,
    "HouseholdId" INTEGER NULL,
    "AreaPath" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "IdNumberCipher" TEXT NOT NULL,
    "IdNumberHash" TEXT NOT NULL,
    "IdNumberMasked" TEXT NOT NULL,
    "PhoneCipher" TEXT NULL,
    "PhoneHash" TEXT NULL,
    "PhoneMasked" TEXT NULL,
    "Sex" INTEGER NOT NULL,
    "BirthDate" TEXT NOT NULL,
    "Relation" INTEGER NOT NULL,
    "ResidencyType" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_residents_households_HouseholdId" FOREIGN KEY ("HouseholdId") REFERENCES "households" ("Id") ON DELETE RESTRICT
);


CREATE UNIQUE INDEX "IX_area_nodes_Code" ON "area_nodes" ("Code");


CREATE INDEX "IX_area_nodes_ParentId" ON "area_nodes" ("ParentId");


CREATE INDEX "IX_area_nodes_Path" ON "area_nodes" ("Path");


CREATE INDEX "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId");


CREATE UNIQUE INDEX "RoleNameIndex" ON "AspNetRoles" ("NormalizedName");


CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");


CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");


CREATE INDEX "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId");


CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");


CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");


CREATE INDEX "IX_audit_entries_At" ON "audit_entries" ("At");


CREATE INDEX "IX_audit_entries_EntityType_EntityId" ON "audit_entries" ("EntityType", "EntityId");


CREATE INDEX "IX_audit_entries_UserId" ON "audit_entries" ("UserId");


CREATE INDEX "IX_departments_AreaNodeId" ON "departments" ("AreaNodeId");


CREATE UNIQUE INDEX "IX_departments_Code" ON "departments" ("Code");


CREATE INDEX "IX_households_AreaNodeId" ON "households" ("AreaNodeId");


CREATE INDEX "IX_households_AreaPath" ON "households" ("AreaPath");


CREATE INDEX "IX_party_organizations_AreaNodeId" ON "party_organizations" ("AreaNodeId");


CREATE INDEX "IX_party_organizations_AreaPath" ON "party_organizations" ("AreaPath");


CREATE INDEX "IX_party_organizations_ParentId" ON "party_organizations" ("ParentId");


CREATE INDEX "IX_residents_AreaPath" ON "residents" ("AreaPath");


CREATE INDEX "IX_residents_HouseholdId" ON "residents" ("HouseholdId");


CREATE UNIQUE INDEX "IX_residents_IdNumberHash" ON "residents" ("IdNumberHash");


CREATE INDEX "IX_residents_PhoneHash" ON "residents" ("PhoneHash");


CREATE INDEX "IX_user_area_assignments_AreaNodeId" ON "user_area_assignments" ("AreaNodeId");


CREATE UNIQUE INDEX "IX_user_area_assignments_UserId_AreaNodeId" ON "user_area_assignments" ("UserId", "AreaNodeId");



