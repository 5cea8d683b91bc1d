import { createContext, useContext } from "react";
import type { ReactNode } from "react";
import type { User } from "../api/types.ts";
import { can, type Permission } from "./permissions.ts";

const UserContext = createContext<User | null>(null);

export function UserProvider({ user, children }: { user: User; children: ReactNode }) {
  return <UserContext.Provider value={user}>{children}</UserContext.Provider>;
}

/** The signed-in user; only inside the authenticated app. */
export function useCurrentUser(): User {
  const user = useContext(UserContext);
  if (!user) throw new Error("useCurrentUser needs <UserProvider>");
  return user;
}

/** Whether the signed-in user's role allows `permission` (the server checks again). */
export function useCan(permission: Permission): boolean {
  return can(useCurrentUser().role, permission);
}
