"use client";

import { useState, type FormEvent } from "react";
import type { TUserView } from "@/lib/users/schemas";
import { StatusMessage } from "@/components/status-message";

const ROLES = ["ADMIN", "SUPERVISOR", "RADIOLOGIST", "ANNOTATOR"] as const;

async function send(url: string, method: string, body: unknown): Promise<{ user?: TUserView; error?: { message: string } }> {
  const response = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return (await response.json()) as { user?: TUserView; error?: { message: string } };
}

export function UsersAdmin({ initialUsers, meId }: { initialUsers: TUserView[]; meId: string }) {
  const [users, setUsers] = useState(initialUsers);
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);

  function replace(user: TUserView) {
    setUsers((list) => list.map((u) => (u.id === user.id ? user : u)));
  }

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const result = await send("/api/users", "POST", {
      email: form.get("email"),
      name: form.get("name"),
      role: form.get("role"),
      password: form.get("password"),
    });
    if (result.user) {
      setUsers((list) => [...list, result.user as TUserView]);
      setMessage({ text: `Created ${result.user.email}.`, ok: true });
      formElement.reset();
    } else setMessage({ text: result.error?.message ?? "Could not create the user.", ok: false });
  }

  async function patch(user: TUserView, body: Record<string, unknown>, done: string) {
    const result = await send(`/api/users/${user.id}`, "PATCH", body);
    if (result.user) {
      replace(result.user);
      setMessage({ text: done, ok: true });
    } else setMessage({ text: result.error?.message ?? "Could not save.", ok: false });
  }

  async function resetPassword(user: TUserView) {
    const password = window.prompt(`New password for ${user.email} (at least 10 characters):`);
    if (password) await patch(user, { password }, `Password of ${user.email} reset.`);
  }

  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 16 }}>
      <form className="card row" onSubmit={onCreate} aria-label="Add a user">
        <label>
          Email
          <input name="email" type="email" required />
        </label>
        <label>
          Name
          <input name="name" required />
        </label>
        <label>
          Role
          <select name="role" defaultValue="RADIOLOGIST">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          Initial password
          <input name="password" type="password" minLength={10} required />
        </label>
        <button className="primary" type="submit">
          Add user
        </button>
      </form>
      <StatusMessage message={message} />
      <table className="card">
        <thead>
          <tr>
            <th>Email</th>
            <th>Name</th>
            <th>Role</th>
            <th>Status</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} data-testid={`user-${user.email}`}>
              <td>{user.email}</td>
              <td>{user.name}</td>
              <td>
                <select
                  aria-label={`Role of ${user.email}`}
                  value={user.role}
                  disabled={user.id === meId}
                  onChange={(e) => void patch(user, { role: e.target.value }, `Role of ${user.email} changed.`)}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r.toLowerCase()}
                    </option>
                  ))}
                </select>
              </td>
              <td>{user.disabled ? <span className="error">disabled</span> : <span className="ok">active</span>}</td>
              <td className="row">
                <button onClick={() => void resetPassword(user)}>Reset password</button>
                {user.id === meId ? null : (
                  <button
                    className={user.disabled ? "" : "danger"}
                    onClick={() => void patch(user, { disabled: !user.disabled }, `${user.email} ${user.disabled ? "enabled" : "disabled"}.`)}
                  >
                    {user.disabled ? "Enable" : "Disable"}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
