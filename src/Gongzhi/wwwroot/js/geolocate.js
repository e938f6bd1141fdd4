// 随手拍: fills the latitude/longitude fields from the phone's position when the worker asks for it.
document.addEventListener('click', function (e) {
  var button = e.target.closest('[data-geolocate]');
  if (!button || !navigator.geolocation) return;
  var form = button.form;
  var status = document.getElementById(button.getAttribute('data-geolocate'));
  navigator.geolocation.getCurrentPosition(function (p) {
    form.querySelector('[name$="Latitude"]').value = p.coords.latitude.toFixed(6);
    form.querySelector('[name$="Longitude"]').value = p.coords.longitude.toFixed(6);
    if (status) status.textContent = p.coords.latitude.toFixed(5) + ', ' + p.coords.longitude.toFixed(5);
  }, function (err) { if (status) status.textContent = err.message; }, { enableHighAccuracy: true, timeout: 10000 });
});
