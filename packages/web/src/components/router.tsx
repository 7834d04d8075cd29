import {
  createContext,
  type MouseEvent,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from "react";
import { parseRoute, type Route, routePath } from "../lib/router.js";

interface RouterValue {
  route: Route;
  navigate: (to: Route | string, options?: { replace?: boolean }) => void;
}

const RouterContext = createContext<RouterValue | undefined>(undefined);

/** History-based routing: pushState on navigation, popstate for back and forward. */
export function RouterProvider({ children }: { children: ReactNode }) {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  const navigate = useCallback((to: Route | string, options: { replace?: boolean } = {}) => {
    const target = typeof to === "string" ? to : routePath(to);
    if (target === window.location.pathname + window.location.search) return;
    if (options.replace) window.history.replaceState(null, "", target);
    else window.history.pushState(null, "", target);
    setPath(window.location.pathname);
    window.scrollTo(0, 0);
  }, []);
  const value = useMemo(() => ({ route: parseRoute(path), navigate }), [path, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRouter(): RouterValue {
  const value = useContext(RouterContext);
  if (!value) throw new Error("useRouter outside RouterProvider");
  return value;
}

/** An anchor that navigates in place (a real href, so middle-click and copy-link work). */
export function Link({
  to,
  children,
  className,
  ...rest
}: {
  to: Route;
  children: ReactNode;
  className?: string;
  "aria-current"?: "page" | undefined;
  title?: string;
  /** "auto" for text people typed (a project's name), which may be in a right-to-left script. */
  dir?: "auto";
}) {
  const { navigate } = useRouter();
  const href = routePath(to);
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={href} onClick={onClick} className={className} {...rest}>
      {children}
    </a>
  );
}
