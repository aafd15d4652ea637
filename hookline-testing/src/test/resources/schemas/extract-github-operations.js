// Extracts the operations Hookline's github format calls from @octokit/openapi's
// generated/api.github.com.deref.json: request-body schema, success status and example answer.
const spec = require(process.argv[2]);
const pkg = require(process.argv[3]);
const ops = [
  ["post", "/repos/{owner}/{repo}/issues", "201"],
  ["post", "/repos/{owner}/{repo}/issues/{issue_number}/comments", "201"],
  ["post", "/repos/{owner}/{repo}/issues/{issue_number}/labels", "200"],
  ["post", "/repos/{owner}/{repo}/dispatches", "204"],
];
const out = {
  $comment: `Extracted from npm ${pkg.name}@${pkg.version} (${pkg.license}), generated/api.github.com.deref.json (OpenAPI ${spec.openapi}): request bodies, success statuses and example answers of the operations the github format calls.`,
  operations: {},
};
for (const [method, path, status] of ops) {
  const op = spec.paths[path][method];
  const success = op.responses[status];
  const example = success.content ? success.content["application/json"].examples.default.value : null;
  out.operations[op.operationId] = {
    method: method.toUpperCase(),
    path,
    successStatus: Number(status),
    requestSchema: op.requestBody.content["application/json"].schema,
    successExample: example,
  };
}
console.log(JSON.stringify(out, null, 2));
