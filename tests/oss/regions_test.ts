import assert from "node:assert/strict";
import { findOssRegion, OSS_REGIONS } from "../../src/oss/regions.ts";
import { validateManifest } from "../../src/pipeline/validate.ts";

const NOW = new Date("2026-11-28T09:00:00Z");

function regionFindings(region: string): { message: string; hint?: string }[] {
  const text = `version: 1
bucket:
  name: examplebucket
  region: ${JSON.stringify(region)}
objects:
  - key: a.txt
`;
  return validateManifest(new TextEncoder().encode(text), { now: NOW })
    .diagnostics.filter((d) => d.rule === "region-invalid")
    .map((d) => ({
      message: d.message,
      ...(d.hint !== undefined ? { hint: d.hint } : {}),
    }));
}

Deno.test("OSS_REGIONS is one list of unique, well-formed region ids", () => {
  const ids = OSS_REGIONS.map((region) => region.id);
  assert.equal(new Set(ids).size, ids.length, "duplicate ids");
  for (const id of ids) {
    assert.match(id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/, id);
    assert.ok(!id.startsWith("oss-"), `${id}: the list holds the V4 form`);
  }
  for (
    const id of ["cn-hangzhou", "cn-shanghai", "ap-southeast-1", "us-east-1"]
  ) {
    assert.ok(ids.includes(id), id);
  }
});

Deno.test("findOssRegion() accepts both forms and nothing else", () => {
  assert.equal(findOssRegion("cn-hangzhou")?.name, "China (Hangzhou)");
  assert.equal(findOssRegion("oss-cn-hangzhou")?.name, "China (Hangzhou)");
  assert.equal(findOssRegion("cn-shangai"), undefined);
  assert.equal(findOssRegion("oss-oss-cn-hangzhou"), undefined);
  assert.equal(findOssRegion("CN-HANGZHOU"), undefined);
});

Deno.test("region-invalid tells unknown regions, with a did-you-mean", async (t) => {
  await t.step("known regions pass, in both forms", () => {
    for (const region of ["cn-hangzhou", "oss-cn-shanghai", "eu-central-1"]) {
      assert.deepEqual(regionFindings(region), [], region);
    }
  });
  await t.step("a typo gets the closest region", () => {
    assert.deepEqual(regionFindings("cn-shangai"), [{
      message: 'Unknown region "cn-shangai": OSS has no such region',
      hint: 'did you mean "cn-shanghai"?',
    }]);
  });
  await t.step("the oss- form keeps its prefix in the suggestion", () => {
    assert.deepEqual(regionFindings("oss-cn-hangzou"), [{
      message: 'Unknown region "oss-cn-hangzou": OSS has no such region',
      hint: 'did you mean "oss-cn-hangzhou"?',
    }]);
  });
  await t.step("a malformed id is invalid, and still gets a suggestion", () => {
    assert.deepEqual(regionFindings("CN_Hangzhou"), [{
      message:
        'Invalid region "CN_Hangzhou": expected a region id such as "cn-hangzhou"',
      hint: 'did you mean "cn-hangzhou"?',
    }]);
  });
  await t.step("nothing close: the hint names the regions page", () => {
    const [finding] = regionFindings("mars-north-1");
    assert.equal(
      finding?.message,
      'Unknown region "mars-north-1": OSS has no such region',
    );
    assert.match(finding?.hint ?? "", /regions-and-endpoints/);
  });
  await t.step("a decommissioned region is refused by name", () => {
    assert.deepEqual(regionFindings("ap-southeast-2"), [{
      message:
        'Region "ap-southeast-2" (Australia (Sydney)) is decommissioned: OSS serves no buckets there',
      hint: "move the bucket to a region in service",
    }]);
  });
});
