export default function ConsoleArea() {
  return <div>console</div>;
}
