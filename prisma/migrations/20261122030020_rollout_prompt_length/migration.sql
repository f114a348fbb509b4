-- AlterTable
ALTER TABLE "Rollout" ADD COLUMN "promptLength" INTEGER;
