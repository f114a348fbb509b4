-- CreateTable
CREATE TABLE "ReviewLabel" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "datasetId" INTEGER NOT NULL,
    "labelId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "colour" TEXT NOT NULL,
    "key" INTEGER,
    "description" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL,
    CONSTRAINT "ReviewLabel_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReviewQueue" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "datasetId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "overlap" INTEGER NOT NULL DEFAULT 1,
    "instructions" TEXT NOT NULL DEFAULT '',
    "labelIds" TEXT NOT NULL DEFAULT '[]',
    "blind" BOOLEAN NOT NULL DEFAULT true,
    "consensusRule" TEXT NOT NULL DEFAULT 'majority',
    "itemCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "createdById" TEXT,
    CONSTRAINT "ReviewQueue_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReviewQueue_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReviewAssignee" (
    "queueId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,

    PRIMARY KEY ("queueId", "userId"),
    CONSTRAINT "ReviewAssignee_queueId_fkey" FOREIGN KEY ("queueId") REFERENCES "ReviewQueue" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReviewAssignee_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReviewItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "queueId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "rolloutId" INTEGER NOT NULL,
    "rolloutIds" TEXT NOT NULL,
    "assigneeId" TEXT,
    "submitted" INTEGER NOT NULL DEFAULT 0,
    "open" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "ReviewItem_queueId_fkey" FOREIGN KEY ("queueId") REFERENCES "ReviewQueue" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReviewItem_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "Rollout" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReviewItem_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReviewLease" (
    "itemId" INTEGER NOT NULL,
    "reviewerKey" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,

    PRIMARY KEY ("itemId", "reviewerKey"),
    CONSTRAINT "ReviewLease_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "ReviewItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Review" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "scope" TEXT NOT NULL,
    "queueId" INTEGER,
    "itemId" INTEGER,
    "datasetId" INTEGER NOT NULL,
    "rolloutId" INTEGER NOT NULL,
    "reviewerKey" TEXT NOT NULL,
    "reviewerId" TEXT,
    "verdict" TEXT,
    "verdictKey" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "labels" TEXT NOT NULL DEFAULT '[]',
    "annotations" TEXT NOT NULL DEFAULT '[]',
    "durationMs" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "version" INTEGER NOT NULL DEFAULT 1,
    "submittedAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "createdById" TEXT,
    "updatedByKey" TEXT NOT NULL,
    "updatedById" TEXT,
    CONSTRAINT "Review_queueId_fkey" FOREIGN KEY ("queueId") REFERENCES "ReviewQueue" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Review_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "ReviewItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Review_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "Rollout" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Review_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Review_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Review_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReviewEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "reviewId" INTEGER,
    "queueId" INTEGER,
    "itemId" INTEGER,
    "actorKey" TEXT NOT NULL,
    "actorId" TEXT,
    "kind" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT,
    "undoOf" INTEGER,
    "at" DATETIME NOT NULL,
    CONSTRAINT "ReviewEvent_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReviewEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReviewComment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "datasetId" INTEGER NOT NULL,
    "rolloutId" INTEGER NOT NULL,
    "messageIndex" INTEGER,
    "authorKey" TEXT NOT NULL,
    "authorId" TEXT,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "ReviewComment_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "Rollout" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReviewComment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReviewAdjudication" (
    "itemId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "queueId" INTEGER NOT NULL,
    "verdict" TEXT NOT NULL,
    "labels" TEXT NOT NULL DEFAULT '[]',
    "note" TEXT NOT NULL DEFAULT '',
    "byKey" TEXT NOT NULL,
    "byId" TEXT,
    "at" DATETIME NOT NULL,
    CONSTRAINT "ReviewAdjudication_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "ReviewItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReviewAdjudication_queueId_fkey" FOREIGN KEY ("queueId") REFERENCES "ReviewQueue" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReviewAdjudication_byId_fkey" FOREIGN KEY ("byId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ReviewLabel_datasetId_labelId_key" ON "ReviewLabel"("datasetId", "labelId");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewQueue_datasetId_name_key" ON "ReviewQueue"("datasetId", "name");

-- CreateIndex
CREATE INDEX "ReviewItem_queueId_open_position_idx" ON "ReviewItem"("queueId", "open", "position");

-- CreateIndex
CREATE INDEX "ReviewItem_rolloutId_idx" ON "ReviewItem"("rolloutId");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewItem_queueId_position_key" ON "ReviewItem"("queueId", "position");

-- CreateIndex
CREATE INDEX "ReviewLease_reviewerKey_idx" ON "ReviewLease"("reviewerKey");

-- CreateIndex
CREATE INDEX "Review_queueId_status_idx" ON "Review"("queueId", "status");

-- CreateIndex
CREATE INDEX "Review_datasetId_rolloutId_idx" ON "Review"("datasetId", "rolloutId");

-- CreateIndex
CREATE INDEX "Review_itemId_idx" ON "Review"("itemId");

-- CreateIndex
CREATE UNIQUE INDEX "Review_scope_reviewerKey_key" ON "Review"("scope", "reviewerKey");

-- CreateIndex
CREATE INDEX "ReviewEvent_reviewId_id_idx" ON "ReviewEvent"("reviewId", "id");

-- CreateIndex
CREATE INDEX "ReviewEvent_itemId_id_idx" ON "ReviewEvent"("itemId", "id");

-- CreateIndex
CREATE INDEX "ReviewComment_rolloutId_id_idx" ON "ReviewComment"("rolloutId", "id");

-- CreateIndex
CREATE INDEX "ReviewAdjudication_queueId_idx" ON "ReviewAdjudication"("queueId");
