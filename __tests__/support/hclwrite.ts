/** HashiCorp's hclwrite formatter (@cdktf/hcl-tools) as the judge of our HCL layout. */
import { execFile } from "child_process";
import * as path from "path";

/** Each file formatted by hclwrite, run in a child process (see hclwrite-format.js). */
export function formatWithHclwrite(files: Readonly<Record<string, string>>): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [path.join(__dirname, "hclwrite-format.js")], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`hclwrite formatting failed: ${stderr || error.message}`));
      try {
        resolve(JSON.parse(stdout));
      } catch (e) {
        reject(new Error(`hclwrite formatting printed no JSON (${(e as Error).message}): ${stdout.slice(0, 200)}`));
      }
    });
    child.stdin!.end(JSON.stringify(files));
  });
}
