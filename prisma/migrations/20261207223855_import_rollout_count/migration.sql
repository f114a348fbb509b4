-- AlterTable
ALTER TABLE "Import" ADD COLUMN "rolloutCount" INTEGER;
