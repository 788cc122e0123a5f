"use client";

import { useState, type FormEvent } from "react";
import type { TPacsNodeView } from "@/lib/pacs/pacs-nodes";
import { StatusMessage } from "@/components/status-message";

type TAnswer = { node?: TPacsNodeView; ms?: number; removed?: boolean; error?: { message: string } };

async function send(url: string, method: string, body?: unknown): Promise<TAnswer> {
  const response = await fetch(url, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return (await response.json()) as TAnswer;
}

/** Add or replace a node (same name), test it, remove it. The secret field is write-only. */
export function PacsAdmin({ initialNodes }: { initialNodes: TPacsNodeView[] }) {
  const [nodes, setNodes] = useState(initialNodes);
  const [authKind, setAuthKind] = useState<"NONE" | "BASIC" | "BEARER">("NONE");
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);

  async function onSave(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const result = await send("/api/pacs/nodes", "POST", {
      name: String(form.get("name") ?? ""),
      baseUrl: String(form.get("baseUrl") ?? ""),
      authKind,
      username: String(form.get("username") ?? ""),
      secret: String(form.get("secret") ?? ""),
      timeoutMs: Number(form.get("timeoutSeconds") ?? 30) * 1000,
      pushOnSign: form.get("pushOnSign") === "on",
    });
    if (result.node) {
      const saved = result.node;
      setNodes((list) => [...list.filter((n) => n.name !== saved.name), saved].sort((a, b) => a.name.localeCompare(b.name)));
      setMessage({ text: `Saved ${saved.name}.`, ok: true });
      formElement.reset();
      setAuthKind("NONE");
    } else setMessage({ text: result.error?.message ?? "Could not save the node.", ok: false });
  }

  async function test(node: TPacsNodeView) {
    setMessage({ text: `Testing ${node.name}…`, ok: true });
    const result = await send(`/api/pacs/nodes/${encodeURIComponent(node.name)}/test`, "POST");
    setMessage(result.error ? { text: result.error.message, ok: false } : { text: `${node.name} answered QIDO-RS in ${result.ms} ms.`, ok: true });
  }

  async function remove(node: TPacsNodeView) {
    if (!window.confirm(`Remove ${node.name}? Its push history goes with it.`)) return;
    const result = await send(`/api/pacs/nodes/${encodeURIComponent(node.name)}`, "DELETE");
    if (result.removed) {
      setNodes((list) => list.filter((n) => n.id !== node.id));
      setMessage({ text: `Removed ${node.name}.`, ok: true });
    } else setMessage({ text: result.error?.message ?? "Could not remove the node.", ok: false });
  }

  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 16 }}>
      <form className="card row" onSubmit={onSave} aria-label="Add or replace a PACS node">
        <label>
          Name
          <input name="name" required pattern="[A-Za-z0-9._\-]+" />
        </label>
        <label>
          DICOMweb URL
          <input name="baseUrl" type="url" required placeholder="https://pacs.example.org/dicom-web" />
        </label>
        <label>
          Authentication
          <select value={authKind} onChange={(e) => setAuthKind(e.target.value as typeof authKind)}>
            <option value="NONE">none</option>
            <option value="BASIC">basic</option>
            <option value="BEARER">bearer token</option>
          </select>
        </label>
        {authKind === "BASIC" ? (
          <label>
            Username
            <input name="username" required autoComplete="off" />
          </label>
        ) : null}
        {authKind !== "NONE" ? (
          <label>
            {authKind === "BASIC" ? "Password" : "Token"}
            <input name="secret" type="password" autoComplete="new-password" placeholder="blank: keep the stored one" />
          </label>
        ) : null}
        <label>
          Timeout (s)
          <input name="timeoutSeconds" type="number" min={1} max={600} defaultValue={30} />
        </label>
        <label>
          <input name="pushOnSign" type="checkbox" defaultChecked /> Send signed results
        </label>
        <button className="primary" type="submit">
          Save node
        </button>
      </form>
      <StatusMessage message={message} />
      <table className="card">
        <thead>
          <tr>
            <th>Name</th>
            <th>URL</th>
            <th>Authentication</th>
            <th>Timeout</th>
            <th>Signed results</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((node) => (
            <tr key={node.id} data-testid={`pacs-${node.name}`}>
              <td>{node.name}</td>
              <td>{node.baseUrl}</td>
              <td>
                {node.authKind.toLowerCase()}
                {node.username ? ` (${node.username})` : ""}
                {node.hasSecret ? " · secret stored" : ""}
              </td>
              <td>{node.timeoutMs / 1000} s</td>
              <td>{node.pushOnSign ? "sent on signing" : "on demand"}</td>
              <td className="row">
                <button onClick={() => void test(node)}>Test</button>
                <button className="danger" onClick={() => void remove(node)}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
          {nodes.length === 0 ? (
            <tr>
              <td colSpan={6} className="muted">
                No PACS nodes yet.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
